import { ApiError, CliError, fieldLabeller } from './errors.js';
import { EXIT } from './exitCodes.js';
import { colourEnabled, createPainter } from './terminal.js';

/** The stable shape of an error under `--json` (on stdout; the message also goes to stderr). */
export interface JsonError {
  error: {
    code: string;
    message: string;
    exitCode: number;
    status?: number;
    errors?: Array<{ field: string; message: string }>;
    /** With `slot_unavailable`: why, and the nearest free times. */
    reason?: string;
    alternatives?: Array<{ start: string; end: string }>;
  };
}

export interface ReportCommandErrorOptions {
  /** `--json` was given: the error also goes to stdout as a {@link JsonError}. */
  json: boolean;
  /** `--debug` was given: stack traces too. */
  debug: boolean;
  /** The command's names for API fields (`static fieldNames`) and its own flags, for field errors. */
  fieldNames: Readonly<Record<string, string>>;
  flagNames: readonly string[];
  /** Prints JSON on stdout (the command's `logJson`). */
  logJson(json: JsonError): void;
}

/**
 * How a yava command ends with an error, whoever runs it (oclif, or bin/run.js's fast path):
 * one line on stderr (plus field errors; the stack with `--debug`), the {@link JsonError} on
 * stdout with `--json`, and the CliError whose exit code the process ends with. An API error's
 * fields are named as the command names them; a canceled prompt exits 1; anything else is an
 * "Unexpected error" (exit 1) whose details only `--debug` shows.
 */
export function reportCommandError(error: Error, options: ReportCommandErrorOptions): CliError {
  const err = error instanceof ApiError && error.problem.errors?.length ? Object.assign(error.relabel(fieldLabeller(options.fieldNames, options.flagNames)), { stack: error.stack }) : error;
  if (err instanceof CliError) {
    report(err, options, options.debug ? err.stack : undefined);
    return err;
  }
  if (err.name === 'ExitPromptError' || err.name === 'AbortPromptError') {
    const canceled = new CliError('Canceled', { exit: EXIT.failure, code: 'canceled' });
    report(canceled, options, undefined);
    return canceled;
  }
  const unexpected = new CliError(`Unexpected error: ${err.message}${options.debug ? '' : ' (run again with --debug for details)'}`, { exit: EXIT.failure, code: 'unexpected', cause: err });
  report(unexpected, options, options.debug ? err.stack : undefined);
  return unexpected;
}

/** An error as `--json` prints it. */
export function toJsonError(message: string, exitCode: number, code: string, error?: CliError): JsonError {
  const problem = error instanceof ApiError ? error.problem : undefined;
  const errors = problem?.errors;
  // A refused time says why and what is free instead, for scripts as for people.
  const why = problem?.reason ? { reason: problem.reason, alternatives: problem.alternatives ?? [] } : {};
  return { error: { code, message, exitCode, ...(error?.status ? { status: error.status } : {}), ...(errors?.length ? { errors } : {}), ...why } };
}

function report(error: CliError, options: ReportCommandErrorOptions, stack: string | undefined): void {
  if (options.json) options.logJson(toJsonError(error.message, error.exitCode, error.code, error));
  const paint = createPainter(colourEnabled() && Boolean(process.stderr.isTTY));
  const text = [`${paint('red', 'Error:')} ${error.message}`, ...error.lines, ...(stack ? [stack] : [])].join('\n');
  process.stderr.write(text + '\n');
}
