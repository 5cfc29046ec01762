/**
 * The error hierarchy. Every error the CLI knows how to report is a RepomapError with an exit
 * code; anything else is a bug and is printed with its stack. Messages read
 * `<where>: <what failed>[: <cause>]`.
 */

export class RepomapError extends Error {
  readonly exitCode: number = 1;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags or arguments: exit 2, reported before any work starts. */
export class UsageError extends RepomapError {
  override readonly exitCode = 2;
}

export class GrammarLoadError extends RepomapError {}

export class QueryError extends RepomapError {}

export class CacheError extends RepomapError {}

export function describeCause(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
