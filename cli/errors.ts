import { EXIT, exitCodeForStatus, type ExitCode } from './exitCodes.js';

/** A problem+json body from the API (RFC 9457). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
  requestId?: string;
  /** Why a time cannot be booked (`slot_unavailable`): in_past, too_soon, beyond_horizon, off_grid, outside_hours, limit_reached, taken. */
  reason?: string;
  /** The nearest free times instead (`slot_unavailable`). */
  alternatives?: Array<{ start: string; end: string }>;
}

/**
 * An error a user sees as one clear line (plus field errors), with the exit code the
 * process ends with. `code` is a stable snake_case name for `--json` output.
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly lines: string[];
  readonly status?: number;
  constructor(message: string, options: { exit?: ExitCode; code?: string; lines?: string[]; status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exit ?? EXIT.failure;
    this.code = options.code ?? 'failure';
    this.lines = options.lines ?? [];
    this.status = options.status;
  }
}

/** How a command names an API field: a flag (`--duration`), an argument (`<name>`), or the field itself. */
export type FieldLabel = (field: string) => string;

/** The API answered with an error status. */
export class ApiError extends CliError {
  readonly problem: Problem;
  /**
   * Field errors are said once, each in the command's words: one bad value is the message
   * itself ("--duration: expected 1 to 1440 minutes"); several are listed under one line.
   */
  constructor(problem: Problem, label: FieldLabel = (field) => field) {
    const fields = (problem.errors ?? []).map((e) => `${e.field && e.field !== '(body)' ? label(e.field) : 'input'}: ${e.message}`);
    const message = fields.length === 1 ? fields[0]! : fields.length > 1 ? 'Some values are not valid:' : problem.detail || problem.title || `The server answered ${problem.status}`;
    super(message, {
      exit: exitCodeForStatus(problem.status),
      code: problem.code ?? `http_${problem.status}`,
      status: problem.status,
      lines: fields.length > 1 ? fields.map((f) => `  ${f}`) : [],
    });
    this.name = 'ApiError';
    this.problem = problem;
  }

  /** The same error with fields named as a command names them. */
  relabel(label: FieldLabel): ApiError {
    return new ApiError(this.problem, label);
  }
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A command's FieldLabel: its own map first (`{durationMinutes: '--duration'}`; a nested field
 * such as `weekly.0.end` is looked up by its first part), then a flag of the same name in
 * kebab case, else the field as the API calls it.
 */
export function fieldLabeller(names: Readonly<Record<string, string>>, flags: readonly string[]): FieldLabel {
  return (field) => {
    const head = field.split('.')[0]!;
    // The n-th value of a repeatable flag (`status.0`) is named by the flag alone.
    const whole = head === field || /^[^.]+(\.\d+)+$/.test(field);
    if (names[field]) return names[field];
    if (names[head]) return whole ? names[head] : `${names[head]} (${field})`;
    if (flags.includes(kebab(head))) return whole ? `--${kebab(head)}` : `--${kebab(head)} (${field})`;
    return field;
  };
}

/** The server could not be reached at all. */
export class UnreachableError extends CliError {
  constructor(url: string, cause?: unknown) {
    const reason = (cause as { cause?: { code?: string } })?.cause?.code ?? (cause as { name?: string })?.name;
    const why = reason === 'TimeoutError' ? 'it did not answer in time' : reason === 'ENOTFOUND' ? 'the host name is unknown' : 'is it running? (`npm start` or `yava serve`)';
    super(`Could not reach the Yava server at ${url}: ${why}`, { exit: EXIT.unreachable, code: 'server_unreachable', cause });
    this.name = 'UnreachableError';
  }
}

/** A value the command needs and could not ask for (no TTY): exit 2 naming the flag. */
export function missingValue(flag: string, what?: string): CliError {
  return new CliError(`Missing ${what ?? flag}: pass ${flag} (or run in a terminal to be asked)`, { exit: EXIT.usage, code: 'missing_value' });
}

export function usageError(message: string): CliError {
  return new CliError(message, { exit: EXIT.usage, code: 'usage' });
}
