import type { Api } from './client.js';
import type { Painter } from './terminal.js';

/**
 * What a command's work (cli/actions) needs from whoever runs it: the oclif command
 * (ApiCommand's `context`) or bin/run.js's fast path (cli/fastPath.ts). `client` and `zone`
 * are read when first used, so their errors (an unknown `--tz`, an unreadable config) come
 * in the order the work meets them.
 */
export interface CommandContext {
  readonly client: Api;
  readonly zone: string;
  readonly paint: Painter;
  /** `--json` was given: the result is the output, `log` prints nothing, so views need not be drawn. */
  readonly json: boolean;
  /** A line for people; nothing under `--json`. */
  log(message: string): void;
  /** A spinner on stderr while `work` runs, if it takes long (a terminal only). */
  spin<R>(label: string, work: Promise<R>): Promise<R>;
}
