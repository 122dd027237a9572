/**
 * bin/run.js's fast path: the read-only commands people and scripts run most (`meetings`,
 * `slots`) answered without loading oclif, whose start-up costs more than the command itself.
 * The command line is read with the command's own flag definitions (cli/fastArgv.ts), the work
 * is the same function the oclif command runs (cli/actions), and errors end as BaseCommand's
 * do (cli/errorReport.ts). A line the fast path does not fully read returns false, and
 * bin/run.js hands it to oclif unchanged. `YAVA_FAST_PATH=off` always uses oclif.
 */
import { format } from 'node:util';
import type { ListMeetingsOptions } from './actions/listMeetings.js';
import type { ShowSlotsOptions } from './actions/showSlots.js';
import { ApiClient, type Api } from './client.js';
import type { CommandContext } from './commandContext.js';
import { resolveConnection } from './config.js';
import { reportCommandError } from './errorReport.js';
import { parseFastArgv, type FastCommandSpec, type FastValue } from './fastArgv.js';
import { systemZone } from './systemZone.js';
import { colourEnabled, createPainter, withSpinner } from './terminal.js';

type Action = (ctx: CommandContext, options: Record<string, FastValue>) => Promise<unknown>;

/**
 * The commands the fast path runs, by oclif id; the build describes each one's flags. Each loads
 * when run, so one command's modules (luxon, for `slots`) never delay another.
 */
export const FAST_ACTIONS: Readonly<Record<string, Action>> = {
  meetings: async (ctx, options) => (await import('./actions/listMeetings.js')).listMeetings(ctx, options as unknown as ListMeetingsOptions),
  slots: async (ctx, options) => (await import('./actions/showSlots.js')).showSlots(ctx, options as unknown as ShowSlotsOptions),
};

// Environment that changes what oclif prints (JSON by default, debug output): oclif decides.
const OCLIF_ENV = ['YAVA_CONTENT_TYPE', 'YAVA_DEBUG', 'DEBUG', 'CLI_FLAGS_DEBUG'];

/** As oclif's `ux.stdout` prints a line. */
const print = (text: string) => console.log(format(text));

/**
 * Runs `yava <id> ...argv` if the fast path reads all of it; false leaves the command to oclif.
 * `userAgent` is the one oclif sends (`yava/0.1.0 linux-x64 node-v20…`).
 */
export async function runFast(id: string, argv: string[], spec: FastCommandSpec, userAgent: string): Promise<boolean> {
  const action = FAST_ACTIONS[id];
  if (!action || OCLIF_ENV.some((name) => process.env[name])) return false;
  const parsed = parseFastArgv(spec, argv);
  if (!parsed) return false;
  const { flags, args } = parsed;
  const json = flags.json === true;
  // Checking a --tz name takes luxon: loaded only when one is given.
  const zoneOf = flags.tz === undefined ? systemZone : (await import('./format.js')).zoneFromFlag.bind(null, flags.tz as string);
  let client: Api | undefined;
  const ctx: CommandContext = {
    get client() {
      if (!client) {
        const connection = resolveConnection(flags.server as string | undefined);
        client = new ApiClient({ server: connection.server, token: connection.token, userAgent });
      }
      return client;
    },
    get zone() {
      return zoneOf();
    },
    paint: createPainter(!json && colourEnabled()),
    json,
    log: (message) => {
      if (!json) print(message);
    },
    spin: (label, work) => withSpinner(label, work),
  };
  try {
    const result = await action(ctx, { ...flags, ...args });
    if (result && json) print(JSON.stringify(result, null, 2));
  } catch (error) {
    const reported = reportCommandError(error as Error, { json, debug: argv.includes('--debug'), fieldNames: spec.fieldNames, flagNames: spec.ownFlags, logJson: (j) => print(JSON.stringify(j, null, 2)) });
    process.exitCode = reported.exitCode;
  }
  return true;
}
