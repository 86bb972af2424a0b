/** Bad command-line input: printed with the usage line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
