/** Raised when no server of the needed kind could be found or started; `hint` says what the user can set or install. */
export class ProvisioningError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(hint ? `${message}\n${hint}` : message);
    this.name = 'ProvisioningError';
  }
}
