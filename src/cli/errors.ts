/** A problem the user caused (bad flag, unreadable file): printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
/** A bug or an environment failure (disk full, out of memory): one line, the stack with --debug. */
export const EXIT_UNEXPECTED = 1;
