/**
 * Exit codes of every `yava` command. Scripts may rely on them; add codes, never renumber.
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Something failed that is not one of the cases below (a server error, a rejected value). */
  failure: 1,
  /** The command was used wrongly: an unknown flag, a missing or malformed value. */
  usage: 2,
  /** Not logged in, or the token or password was refused (HTTP 401/403). */
  auth: 3,
  /** The user, event type, meeting or token does not exist (HTTP 404). */
  notFound: 4,
  /** The request conflicts with the current state: slot taken, already canceled (HTTP 409). */
  conflict: 5,
  /** The server could not be reached. */
  unreachable: 6,
  /** Too many requests; try again later (HTTP 429). */
  rateLimited: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per code, for `yava exit-codes` and the README. */
export const EXIT_CODE_HELP: Array<{ code: ExitCode; name: string; meaning: string }> = [
  { code: EXIT.ok, name: 'ok', meaning: 'the command succeeded' },
  { code: EXIT.failure, name: 'failure', meaning: 'the command failed (server error, rejected value)' },
  { code: EXIT.usage, name: 'usage', meaning: 'wrong usage: unknown flag, missing or malformed value' },
  { code: EXIT.auth, name: 'auth', meaning: 'not logged in, or credentials refused (401/403)' },
  { code: EXIT.notFound, name: 'not_found', meaning: 'the thing named does not exist (404)' },
  { code: EXIT.conflict, name: 'conflict', meaning: 'conflicts with the current state, e.g. slot taken (409)' },
  { code: EXIT.unreachable, name: 'unreachable', meaning: 'the server could not be reached' },
  { code: EXIT.rateLimited, name: 'rate_limited', meaning: 'too many requests; try again later (429)' },
];

/** The exit code for an HTTP error status from the API. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  if (status === 429) return EXIT.rateLimited;
  if (status === 400 || status === 422) return EXIT.usage;
  return EXIT.failure;
}
