import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../../cli/exitCodes.js';
import { meeting } from './commands/fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A stand-in for the API with fixed answers: meetings by token, slots by user, and each request's user agent. */
function fakeApi(userAgents: string[]): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    userAgents.push(String(req.headers['user-agent']));
    const send = (status: number, body: unknown, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
    const problem = (r: ServerResponse, status: number, body: object) => (r === res ? send(status, { status, ...body }, 'application/problem+json') : undefined);
    if (url.pathname === '/api/meetings') {
      if (req.headers.authorization === 'Bearer yava_pat_broken') return problem(res, 500, { title: 'Internal Server Error', detail: 'Something went wrong on the server (request id r-1)' });
      if (req.headers.authorization !== 'Bearer yava_pat_good') return problem(res, 401, { title: 'Unauthorized', code: 'unauthorized', detail: 'Sign in again' });
      return send(200, { meetings: [meeting(), meeting({ id: '9b2c5f0e-1111-4222-8333-944445555667', title: 'Review', status: 'pending', start: '2026-12-02T15:00:00Z', end: '2026-12-02T16:30:00Z' })], nextCursor: null });
    }
    if (url.pathname === '/api/availability') {
      if (url.searchParams.get('user') === 'nobody') return problem(res, 404, { title: 'Not Found', code: 'user_not_found', detail: 'No user "nobody"' });
      if (url.searchParams.get('users')) return problem(res, 400, { title: 'Bad Request', code: 'validation_failed', errors: [{ field: 'durationMinutes', message: 'must be at most 480' }] });
      return send(200, { timezone: url.searchParams.get('timezone'), slots: [{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z' }, { start: '2026-12-02T14:00:00Z', end: '2026-12-02T14:30:00Z' }] });
    }
    return problem(res, 404, { title: 'Not Found' });
  });
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  /** Files of this project the process loaded (relative to the root). */
  modules: string[];
}

describe('bin/run.js fast path (meetings, slots without oclif)', function () {
  this.timeout(300_000);
  const userAgents: string[] = [];
  let api: Server;
  let apiUrl: string;
  let home: string;
  before(async () => {
    if (!existsSync(join(root, 'dist/cli-bundle/fast.cjs')) || !existsSync(join(root, 'dist/cli-bundle/fast-commands.json'))) {
      execFileSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: 'ignore' });
    }
    api = fakeApi(userAgents);
    await new Promise<void>((ok) => api.listen(0, '127.0.0.1', ok));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    home = mkdtempSync(join(tmpdir(), 'yava-fast-'));
  });
  after(() => {
    api.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** `yava ...args` as a user runs it, recording the modules it loads. */
  function yavaBin(args: string[], env: Record<string, string | undefined>): Promise<Outcome> {
    const record = join(home, `modules-${Math.random().toString(36).slice(2)}`);
    const fullEnv = { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: '1', NO_SPINNER: '1', TZ: 'Asia/Kolkata', YAVA_SERVER: apiUrl, YAVA_TOKEN: 'yava_pat_good', YAVA_FAST_PATH: undefined, YAVA_RECORD_MODULES: record, ...env };
    const argv = ['--import', join(root, 'test/cli/recordModules.mjs'), join(root, 'bin/run.js'), ...args];
    return new Promise((resolve) => {
      execFile(process.execPath, argv, { env: fullEnv, cwd: home }, (error, stdout, stderr) => {
        const loaded = existsSync(record) ? readFileSync(record, 'utf8').split('\n').filter(Boolean) : [];
        rmSync(record, { force: true });
        const modules = [...new Set(loaded.map((m) => (m.startsWith('file://') ? fileURLToPath(m) : m)).filter((m) => m.startsWith(root)).map((m) => m.slice(root.length)))];
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr, modules });
      });
    });
  }

  const FAST_FILES = ['bin/run.js', 'dist/cli-bundle/fast.cjs', 'test/cli/recordModules.mjs', 'test/cli/recordModulesHooks.mjs'];
  const usesOclif = (o: Outcome) => o.modules.some((m) => m.startsWith('node_modules/@oclif/') || m === 'dist/cli-bundle/main.js' || m.startsWith('dist/cli-bundle/chunks/'));

  /** Runs `args` on the fast path and through oclif (YAVA_FAST_PATH=off): the same output and exit code. */
  async function same(args: string[], env: Record<string, string | undefined>, path: 'fast' | 'oclif'): Promise<Outcome> {
    const fast = await yavaBin(args, env);
    const oclif = await yavaBin(args, { ...env, YAVA_FAST_PATH: 'off' });
    const what = `yava ${args.join(' ')}`;
    expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }, what).to.deep.equal({ code: oclif.code, stdout: oclif.stdout, stderr: oclif.stderr });
    expect(usesOclif(oclif), `${what} with YAVA_FAST_PATH=off loads oclif`).to.equal(true);
    if (path === 'fast') expect(fast.modules.filter((m) => !FAST_FILES.includes(m)), `${what} loads only bin/run.js and fast.cjs`).to.deep.equal([]);
    else expect(usesOclif(fast), `${what} is left to oclif`).to.equal(true);
    return fast;
  }

  it('meetings: the table, --json, global flags first, a bad date or zone: as oclif prints them, without loading oclif', async () => {
    const table = await same(['meetings'], {}, 'fast');
    expect(table.stdout).to.contain('Intro').and.contain('Review');
    expect(JSON.parse((await same(['meetings', '--json'], {}, 'fast')).stdout).meetings).to.have.length(2);
    await same(['--server', apiUrl, 'meetings', '--past', '--all', '--tz', 'Europe/Berlin', '--from', '2026-11-01'], { YAVA_SERVER: undefined }, 'fast');
    expect((await same(['meetings', '--from', 'soon', '--json'], {}, 'fast')).code).to.equal(EXIT.usage);
    expect((await same(['meetings', '--tz', 'Mars/Olympus'], {}, 'fast')).stderr).to.contain('Unknown time zone "Mars/Olympus"');
    const agents = new Set(userAgents);
    expect([...agents], 'the fast path sends oclif\'s user agent').to.have.length(1);
  });

  it('meetings: a server error, a refused token, no token, no server: the same message, JSON and exit code', async () => {
    expect((await same(['meetings', '--json'], { YAVA_TOKEN: 'yava_pat_broken' }, 'fast')).code).to.equal(EXIT.failure);
    expect((await same(['meetings'], { YAVA_TOKEN: 'yava_pat_revoked' }, 'fast')).code).to.equal(EXIT.auth);
    const anonymous = await same(['meetings', '--json'], { YAVA_TOKEN: undefined }, 'fast');
    expect(anonymous.code).to.equal(EXIT.auth);
    expect(anonymous.stderr).to.contain('Not logged in');
    const unreachable = await same(['meetings', '--json'], { YAVA_SERVER: 'http://127.0.0.1:9' }, 'fast');
    expect(unreachable.code).to.equal(EXIT.unreachable);
    expect(unreachable.stderr).to.contain('Could not reach the Yava server');
  });

  it('meetings: what the fast path does not read goes to oclif unchanged (help, bad or unknown flags, exclusive flags)', async () => {
    for (const args of [['meetings', '--help'], ['meetings', '--limit', '0'], ['meetings', '--limit', 'lots', '--json'], ['meetings', '--bogus'], ['meetings', '--all', '--status', 'pending'], ['meetings', 'tomorrow']]) {
      expect((await same(args, {}, 'oclif')).code, args.join(' ')).to.be.oneOf([EXIT.ok, EXIT.usage]);
    }
    await same(['meetings', '--json'], { YAVA_CONTENT_TYPE: 'json' }, 'oclif');
  });

  it('slots: slots by day, --json with a zone and range, logged out: as oclif prints them, without loading oclif', async () => {
    expect((await same(['slots', 'demo/intro'], {}, 'fast')).stdout).to.contain('demo/intro');
    const json = await same(['slots', 'demo/intro', '--json', '--tz', 'America/New_York', '--from', '2026-12-01', '--days', '2'], {}, 'fast');
    expect(JSON.parse(json.stdout)).to.include({ timezone: 'America/New_York', from: '2026-12-01', to: '2026-12-02' });
    await same(['slots', 'demo/intro', '--json'], { YAVA_TOKEN: undefined }, 'fast');
  });

  it('slots: a usage error, an unknown user, a field error: the same message, JSON and exit code', async () => {
    expect((await same(['slots'], {}, 'fast')).code).to.equal(EXIT.usage);
    expect((await same(['slots', 'nobody/intro', '--json'], {}, 'fast')).stderr).to.contain('No user "nobody"');
    expect((await same(['slots', '--with', 'alice,bob', '--duration', '600', '--json'], {}, 'fast')).code).to.equal(EXIT.usage);
  });

  it('slots: help, out-of-range and dependent flags go to oclif unchanged', async () => {
    for (const args of [['slots', '--help'], ['slots', 'demo/intro', '--days', '0'], ['slots', 'demo/intro', '--near', '2026-12-03T15:00:00Z'], ['slots', 'demo/intro', '-h']]) {
      await same(args, {}, 'oclif');
    }
  });
});
