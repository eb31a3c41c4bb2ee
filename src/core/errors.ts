/**
 * Expected business failures carry a stable code and an i18n key; the error boundary shows them in the
 * user's language. Anything else is unexpected: logged with a correlation id, never shown raw.
 */
export class KamError extends Error {
  constructor(
    /** Stable code, also the i18n key under `errors.` unless `key` is given. */
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly key: string = `errors.${code}`,
  ) {
    super(code);
    this.name = 'KamError';
  }
}

export const isKamError = (e: unknown): e is KamError => e instanceof KamError;
