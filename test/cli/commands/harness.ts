import { PassThrough, Writable } from 'node:stream';
import type { Config } from '@oclif/core';
import type { ApiCommand, BaseCommand } from '../../../cli/baseCommand.js';
import type { Api, Query, RequestOptions } from '../../../cli/client.js';
import { useTerminal } from '../../../cli/terminal.js';
import { loadCliConfig } from '../helpers.js';

/**
 * Drives one command class in-process, split as gh splits NewCmdX from xRun: `parseArgv`
 * only parses the command line (flags/args → options, or the usage error oclif throws), and
 * `runWith` runs the parsed command against a fake API client object (no server).
 */
type CommandClass<I extends BaseCommand<any> = BaseCommand<any>> = new (argv: string[], config: Config) => I;

export async function parseArgv<I extends BaseCommand<any>>(
  Cmd: CommandClass<I>,
  argv: string[],
): Promise<I['options']> {
  const cmd = new Cmd(argv, await loadCliConfig());
  await cmd.init();
  return cmd.options;
}

/** The usage error a command line is refused with: its exit code and message. */
export async function parseError(
  Cmd: CommandClass,
  argv: string[],
): Promise<{ exit: number | undefined; message: string }> {
  try {
    await parseArgv(Cmd, argv);
  } catch (error) {
    const e = error as Error & { oclif?: { exit?: number } };
    return { exit: e.oclif?.exit, message: e.message };
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

export interface Call {
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
}
type Route = (call: Call) => unknown;

/** A fake API client (`token` null: not logged in): answers `METHOD /path` from a table, records each call, refuses the rest. */
export function fakeApi(
  routes: Record<string, unknown | Route>,
  token: string | null = 'yava_pat_test',
): Api & { calls: Call[] } {
  const calls: Call[] = [];
  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<T> => {
    const call: Call = {
      method,
      path,
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    };
    calls.push(call);
    const key = `${method} ${path}`;
    if (!(key in routes)) throw new Error(`fake API: no route for ${key}`);
    const answer = routes[key];
    return (typeof answer === 'function' ? await (answer as Route)(call) : answer) as T;
  };
  return {
    calls,
    server: 'http://fake.invalid',
    token: token ?? undefined,
    url: (path: string) => `http://fake.invalid${path}`,
    request,
    get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
    delete: <T>(path: string) => request<T>('DELETE', path),
  } as Api & { calls: Call[] };
}

/** Parses `argv`, then runs the command against `api` with no terminal (stdin piped); returns its result and stdout. */
export async function runWith<R = unknown>(
  Cmd: CommandClass<ApiCommand<any>>,
  argv: string[],
  api: Api,
  stdin = '',
): Promise<{ result: R; stdout: string; command: ApiCommand<any> }> {
  const cmd = new Cmd(argv, await loadCliConfig());
  const sink = () => new Writable({ write: (_c, _e, done) => done() });
  const input = new PassThrough();
  input.end(stdin);
  const restoreTerminal = useTerminal({
    input,
    promptOutput: sink(),
    spinnerOutput: sink(),
    isInteractive: () => false,
    stdoutIsTTY: () => false,
  });
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await cmd.init();
    cmd.useClient(api);
    const result = (await cmd.run()) as R;
    return { result, stdout, command: cmd };
  } finally {
    process.stdout.write = write;
    restoreTerminal();
  }
}

/**
 * The error a failing run ends with as the user sees it: passed through the command's own
 * `catch` (API field errors named by its flags and arguments, the exit code), stderr captured.
 */
export async function reportedError(
  Cmd: CommandClass<ApiCommand<any>>,
  argv: string[],
  api: Api,
): Promise<{ message: string; exit: number | undefined; stderr: string }> {
  const thrown = await runWith(Cmd, argv, api).then(
    () => {
      throw new Error(`expected ${argv.join(' ')} to fail`);
    },
    (e: Error) => e,
  );
  const cmd = new Cmd(argv, await loadCliConfig());
  await cmd.init();
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await cmd.catch(thrown);
  } catch (error) {
    const e = error as Error & { oclif?: { exit?: number } };
    return { message: e.message, exit: e.oclif?.exit, stderr };
  } finally {
    process.stderr.write = write;
  }
  throw new Error('the command did not rethrow its error');
}
