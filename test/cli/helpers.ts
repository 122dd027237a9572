import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import MuteStream from 'mute-stream';
import { Config, run } from '@oclif/core';
import { useTerminal } from '../../cli/terminal.js';

/**
 * Runs yava commands in-process from TypeScript source, with stdout/stderr captured and
 * the exit code read from the thrown error. oclif's own dev mode maps dist/ to source by
 * reading tsconfig.json with the `typescript` API, which TypeScript 7 no longer offers; so
 * the package.json is handed over with `oclif.commands` pointing at cli/commands, which
 * mocha's tsx loader imports directly.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
let configPromise: Promise<Config> | undefined;

export function loadCliConfig(): Promise<Config> {
  configPromise ??= (async () => {
    const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    pjson.oclif = { ...pjson.oclif, commands: './cli/commands' };
    return Config.load({ root, ignoreManifest: true, pjson, isRoot: true });
  })();
  return configPromise;
}

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
  /** stdout parsed as JSON. */
  json<T = any>(): T;
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  /** Piped stdin (not a TTY). */
  stdin?: string;
  /** A fake terminal: stdin is a TTY and prompts draw on it. */
  tty?: FakeTty;
}

let running = Promise.resolve();

/** `yava ...args`; runs are serialised since they share process.stdout and the environment. */
export function yava(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  const result = running.then(() => runOnce(args, options));
  running = result.then(
    () => undefined,
    () => undefined,
  );
  return result;
}

async function runOnce(args: string[], options: CliRunOptions): Promise<CliResult> {
  const config = await loadCliConfig();
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries({ NO_COLOR: '1', ...options.env })) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let input: NodeJS.ReadableStream;
  if (options.tty) input = options.tty.input;
  else {
    const piped = new PassThrough();
    piped.end(options.stdin ?? '');
    input = piped;
  }
  const restoreTerminal = useTerminal({
    input: input as any,
    promptOutput: options.tty ? options.tty.output : new Writable({ write: (_c, _e, done) => done() }),
    spinnerOutput: new Writable({ write: (_c, _e, done) => done() }),
    isInteractive: () => Boolean(options.tty),
    stdoutIsTTY: () => false,
  });
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  let code = 0;
  try {
    await run(args, config);
  } catch (error) {
    const e = error as { oclif?: { exit?: number }; message?: string; skipOclifErrorHandling?: boolean };
    code = e.oclif?.exit ?? 1;
    if (!e.skipOclifErrorHandling && code !== 0) stderr += `Error: ${e.message}\n`;
    if (code === 1 && !e.skipOclifErrorHandling && process.env.CLI_TEST_DEBUG) err.call(process.stderr, String((error as Error).stack) + '\n');
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    restoreTerminal();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return {
    stdout,
    stderr,
    code,
    json() {
      try {
        return JSON.parse(stdout);
      } catch {
        throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

/**
 * A pseudo-terminal for driving the real inquirer prompts: keys go in through `input`,
 * the prompts draw on `output`, and `waitFor` reads the screen.
 */
export class FakeTty {
  readonly input = new MuteStream();
  readonly output: Writable & { columns: number; rows: number; isTTY: boolean };
  private text = '';
  private waiters: Array<() => void> = [];

  constructor() {
    this.input.unmute();
    (this.input as any).isTTY = true;
    const self = this;
    this.output = Object.assign(
      new Writable({
        write(chunk, _enc, done) {
          self.text += String(chunk);
          for (const w of self.waiters.splice(0)) w();
          done();
        },
      }),
      { columns: 200, rows: 50, isTTY: true },
    );
  }

  /** Everything drawn so far, without escape codes. */
  get screen(): string {
    return stripVTControlCharacters(this.text);
  }

  /** Waits until the screen (after `from` characters) contains `needle`; returns the position after it. */
  async waitFor(needle: string | RegExp, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const matches = () => (typeof needle === 'string' ? this.unread().includes(needle) : needle.test(this.unread()));
    while (!matches()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(needle)} on the terminal; screen:\n${this.screen.slice(-2000)}`);
      await new Promise<void>((ok) => {
        this.waiters.push(ok);
        setTimeout(ok, 50);
      });
    }
    const text = this.unread();
    const index = typeof needle === 'string' ? text.indexOf(needle) + needle.length : (text.match(needle)!.index ?? 0) + text.match(needle)![0].length;
    this.consumed += index;
    await new Promise((ok) => setImmediate(ok));
  }

  private consumed = 0;
  private unread(): string {
    return this.screen.slice(this.consumed);
  }

  type(text: string): void {
    this.input.write(text);
    for (const char of text) this.input.emit('keypress', null, { name: char });
  }

  press(name: string): void {
    this.input.emit('keypress', null, { name });
  }

  /** Types a line and presses enter. */
  answer(text: string): void {
    this.type(text);
    this.press('enter');
  }
}

/** A fresh XDG_CONFIG_HOME; remove it with `cleanup()`. */
export function tempConfigHome(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'yava-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
