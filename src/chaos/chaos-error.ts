/** A control error with the HTTP status toxiproxy's API would answer with. */
export class ChaosError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 405 | 409 | 415 | 500,
  ) {
    super(message);
    this.name = 'ChaosError';
  }

  toJSON(): { error: string; status: number } {
    return { error: this.message, status: this.status };
  }
}
