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

/** The form field a KamError refuses, when the code that threw it named one (see `forField`). */
export const refusedField = (e: KamError): string | undefined => (typeof e.params['field'] === 'string' ? e.params['field'] : undefined);

/**
 * Runs the check of one submitted form field: a KamError it throws names that field (unless it already names
 * one), so adapters can show the message under the field. Other errors pass through unchanged.
 */
export function forField<T>(field: string, check: () => T): T {
  const named = (error: unknown): never => {
    if (isKamError(error) && refusedField(error) === undefined) throw new KamError(error.code, { ...error.params, field }, error.key);
    throw error;
  };
  try {
    const result = check();
    return (result instanceof Promise ? result.catch(named) : result) as T;
  } catch (error) {
    return named(error);
  }
}

function messageKey(code: string): string {
  const dot = code.indexOf('.');
  return dot < 0 ? `errors.${code}` : `${code.slice(0, dot)}.errors.${code.slice(dot + 1)}`;
}
