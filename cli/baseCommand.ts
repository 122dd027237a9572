import { randomUUID } from 'node:crypto';
import { Command, Flags, ux, type Interfaces } from '@oclif/core';
import { ApiClient, type Api } from './client.js';
import { resolveConnection, type Connection } from './config.js';
import { CliError, missingValue, usageError } from './errors.js';
import { reportCommandError, toJsonError } from './errorReport.js';
import { EXIT } from './exitCodes.js';
import type { CommandContext } from './commandContext.js';
import { zoneFromFlag } from './format.js';
import { colourEnabled, createPainter, terminal, withSpinner, type Painter } from './terminal.js';

const globalFlags = {
  debug: Flags.boolean({ helpGroup: 'GLOBAL', description: 'Show stack traces and request details on errors.' }),
};
const apiFlags = {
  ...globalFlags,
  server: Flags.string({ helpGroup: 'GLOBAL', description: 'Yava server URL (default: from `yava login`, else http://127.0.0.1:3000, the address `npm start` prints).', env: 'YAVA_SERVER' }),
  tz: Flags.string({ helpGroup: 'GLOBAL', description: 'IANA time zone to show and read times in (default: the system zone).' }),
};

/** Flags as parsed; `server` and `tz` exist on API commands only. */
export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<typeof globalFlags & Partial<typeof apiFlags> & T['flags']>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export type { JsonError } from './errorReport.js';

/** What oclif's parser was reading when it failed: it records this on the command (its parse context). */
interface ParseToken {
  type?: string;
  arg?: string;
  input?: string;
}

/**
 * oclif wraps a bad flag value in a usage error (exit 2) but lets an argument parser's own error
 * through as is (`Args.integer`: "Expected an integer but received: abc"), which would end as an
 * unexpected error with exit 1: make it a usage error naming the argument.
 */
function argumentError(error: Error, token: ParseToken | undefined): Error {
  if ((error as { oclif?: unknown }).oclif || error instanceof CliError || token?.type !== 'arg' || !token.arg) return error;
  const reason = error.message.replace(/ but received: .*$/s, '').replace(/^./, (c) => c.toLowerCase());
  return Object.assign(usageError(`<${token.arg}> ${JSON.stringify(token.input ?? '')}: ${reason}`), { oclif: { exit: EXIT.usage } });
}

/**
 * Every yava command extends this. `run()` returns the command's typed result: `--json`
 * prints it (stable shape, no colour, nothing else on stdout), otherwise the command
 * prints a readable view with `this.log`. Errors become one clear line and an exit code
 * from cli/exitCodes.ts; stack traces only with `--debug`.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;
  static override baseFlags: Interfaces.FlagInput = globalFlags;

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Positional arguments as given (for commands with `strict = false`). */
  protected rest: string[] = [];
  protected paint: Painter = createPainter(false);
  /**
   * Set by a command that did part of its work (some ids done, some refused): its report still
   * prints (or is the JSON result), and the process then exits with this code instead of 0.
   */
  public exitCodeAfterRun?: number;

  /** The parsed command line (after `init()`): what parse-only tests look at. */
  public get options(): { flags: CommandFlags<T>; args: CommandArgs<T>; rest: string[] } {
    return { flags: this.flags, args: this.args, rest: this.rest };
  }

  public override async finally(error: Error | undefined): Promise<unknown> {
    const result = await super.finally(error);
    if (!error && this.exitCodeAfterRun !== undefined) process.exitCode = this.exitCodeAfterRun;
    return result;
  }

  public override async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as typeof BaseCommand;
    const { args, flags, argv } = await this.parse({
      flags: ctor.flags,
      baseFlags: ctor.baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      args: ctor.args,
      strict: ctor.strict,
    }).catch((error: Error) => {
      throw argumentError(error, (this as { token?: ParseToken }).token);
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.rest = argv.map(String);
    this.paint = createPainter(!this.jsonEnabled() && colourEnabled());
  }

  /** JSON without colour, whatever the terminal. */
  public override logJson(json: unknown): void {
    ux.stdout(JSON.stringify(json, null, 2));
  }

  /** Whether prompts may be shown: stdin is a TTY (and the output is not JSON for a script). */
  protected canPrompt(): boolean {
    return terminal.isInteractive();
  }

  /** A value from a flag, else a prompt on a TTY, else a usage error naming the flag. */
  protected async need<V>(value: V | undefined, flag: string, ask: () => Promise<V>, what?: string): Promise<V> {
    if (value !== undefined && value !== null && value !== '') return value;
    if (!this.canPrompt()) throw missingValue(flag, what);
    return ask();
  }

  protected spin<R>(label: string, work: Promise<R>): Promise<R> {
    return withSpinner(label, work);
  }

  /** How this command names the API's fields in errors, where its flags differ: `{durationMinutes: '--duration'}`. */
  static fieldNames: Readonly<Record<string, string>> = {};

  public override async catch(error: Error & { oclif?: { exit?: number }; skipOclifErrorHandling?: boolean }): Promise<unknown> {
    if (!(error instanceof CliError) && (error.oclif?.exit !== undefined || error.name === 'ExitError' || (error as { code?: string }).code === 'EEXIT')) {
      // oclif's own errors (unknown flag, missing argument): usage, exit 2 unless set.
      if (this.jsonEnabled() && error.name !== 'ExitError') this.logJson(toJsonError(error.message, error.oclif?.exit ?? EXIT.usage, 'usage'));
      throw error;
    }
    const ctor = this.ctor as typeof BaseCommand;
    const reported = reportCommandError(error, {
      json: this.jsonEnabled(),
      debug: this.argv.includes('--debug'),
      fieldNames: ctor.fieldNames,
      flagNames: Object.keys(ctor.flags ?? {}),
      logJson: (json) => this.logJson(json),
    });
    throw Object.assign(reported, { oclif: { exit: reported.exitCode }, skipOclifErrorHandling: true });
  }
}

/** A command that talks to the API: `--server`, `--tz`, a client and the user's zone. */
export abstract class ApiCommand<T extends typeof Command> extends BaseCommand<T> {
  static override baseFlags: Interfaces.FlagInput = apiFlags;

  private _client?: Api;
  private _connection?: Connection;
  /** One key per invocation, so a retried request never books twice. */
  protected readonly idempotencyKey = randomUUID();

  protected get connection(): Connection {
    this._connection ??= resolveConnection(this.flags.server);
    return this._connection;
  }

  /** Run against this client instead of one built from the connection (tests pass a fake). */
  public useClient(client: Api): this {
    this._client = client;
    return this;
  }

  protected get client(): Api {
    this._client ??= new ApiClient({ server: this.connection.server, token: this.connection.token, userAgent: this.config.userAgent });
    return this._client;
  }

  /** The zone times are shown and read in. */
  protected get zone(): string {
    return zoneFromFlag(this.flags.tz);
  }

  /** What a command's shared work (cli/actions) needs: the client, zone, painter and output, read when used. */
  protected get context(): CommandContext {
    const command = this;
    return {
      get client() {
        return command.client;
      },
      get zone() {
        return command.zone;
      },
      get paint() {
        return command.paint;
      },
      get json() {
        return command.jsonEnabled();
      },
      log: (message) => this.log(message),
      spin: (label, work) => this.spin(label, work),
    };
  }
}
