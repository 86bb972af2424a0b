/** Bad command-line input: printed with the usage line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  readonly exitCode = 2;
  override readonly name = 'UsageError';
}

/**
 * Recognised by name, not instanceof: the CLI's entry and its lazily loaded commands are separate bundles,
 * each with its own copy of this class (scripts/bundle.js).
 */
export function isUsageError(err: unknown): err is UsageError {
  return err instanceof Error && err.name === 'UsageError';
}
