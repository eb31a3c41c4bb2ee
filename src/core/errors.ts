/**
 * Expected business failures carry a stable code and an i18n key; the error boundary shows them in the
 * user's language. Anything else is unexpected: logged with a correlation id, never shown raw.
 */
export class KamError extends Error {
  constructor(
    /**
     * Stable code. Its message is `errors.<code>` for core codes and `<area>.errors.<name>` for area codes
     * written `<area>.<name>` (e.g. `visit.noCustomer` → `visit.errors.noCustomer`), unless `key` is given.
     */
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly key: string = messageKey(code),
  ) {
    super(code);
    this.name = 'KamError';
  }
}

export const isKamError = (e: unknown): e is KamError => e instanceof KamError;

function messageKey(code: string): string {
  const dot = code.indexOf('.');
  return dot < 0 ? `errors.${code}` : `${code.slice(0, dot)}.errors.${code.slice(dot + 1)}`;
}
