import { expect } from 'chai';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunningServer } from '../../server/compose.js';
import { EXIT } from '../../cli/exitCodes.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../helpers/server.js';
import { tempConfigHome, yava } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

describe('the built yava binary', function () {
  this.timeout(120_000);
  let server: RunningServer;
  before(async () => {
    // Builds once when dist has no CLI yet (npm run build: tsc + oclif manifest).
    if (!existsSync(join(root, 'dist/cli/commands/meetings/index.js')) || !existsSync(join(root, 'oclif.manifest.json'))) {
      execFileSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: 'ignore' });
    }
    await resetTestDb();
    server = await startTestServer();
  });
  after(() => server.close());

  it('answers --version fast, in oclif\'s format, without loading oclif', async () => {
    const { stdout } = await run(process.execPath, [join(root, 'bin/run.js'), '--version']);
    expect(stdout.trim()).to.equal(`yava/0.1.0 ${process.platform}-${process.arch} node-${process.version}`);
  });

  it('serve --port 0 --demo runs the server on a fresh embedded database and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yava-serve-'));
    const child = spawn(process.execPath, [join(root, 'bin/run.js'), 'serve', '--port', '0', '--demo'], {
      cwd: root,
      env: { ...process.env, YAVA_DATA_DIR: join(dataDir, 'data'), BCRYPT_COST: '4', LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /running at (http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      const call = apiClient(url);
      expect((await call('GET', '/ready')).status).to.equal(200);
      const slots = await call('GET', '/api/availability?user=demo&eventType=intro');
      expect(slots.status).to.equal(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs a real command from the manifest and exits with the documented codes', async () => {
    const call = apiClient(server.url);
    const s = await registerUser(call, { username: 'bin' });
    const pat = (await call('POST', '/api/tokens', { token: s.accessToken, body: { name: 'bin' } })).body.token;
    const home = mkdtempSync(join(tmpdir(), 'yava-bin-'));
    try {
      const env = { ...process.env, XDG_CONFIG_HOME: home, YAVA_SERVER: server.url, YAVA_TOKEN: pat, NO_COLOR: '1', NODE_ENV: 'production' };
      const { stdout } = await run(process.execPath, [join(root, 'bin/run.js'), 'meetings', '--json'], { env });
      expect(JSON.parse(stdout)).to.deep.equal({ meetings: [], nextCursor: null });
      const failed = await run(process.execPath, [join(root, 'bin/run.js'), 'show', '00000000-0000-4000-8000-000000000000'], { env }).catch((e) => e);
      expect(failed.code).to.equal(EXIT.notFound);
      expect(failed.stderr.trim().split('\n')).to.have.length(1);
      expect(failed.stderr).not.to.match(/at .*:\d+:\d+/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('takes global flags before the command, a positional mail id, and says what to type for a stray argument', async () => {
    const call = apiClient(server.url);
    const s = await registerUser(call, { username: 'manners' });
    const pat = (await call('POST', '/api/tokens', { token: s.accessToken, body: { name: 'bin' } })).body.token;
    await server.deps.db('users').where({ email: s.email }).update({ email_verified_at: new Date() }); // the dev mailbox shows verified addresses only
    const [mail] = await server.deps.db('dev_mailbox').insert({ message_id: `<manners-${Date.now()}@yava.test>`, to: s.email, subject: 'Hello from the dev mailbox', text: 'The body of message seven.' }).returning('id');
    const home = mkdtempSync(join(tmpdir(), 'yava-bin-'));
    const yavaBin = (args: string[], env: Record<string, string | undefined>) => run(process.execPath, [join(root, 'bin/run.js'), ...args], { env: { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: '1', YAVA_SERVER: undefined, ...env } }).catch((e) => e);
    try {
      // yava --server URL <command>: the flag before the command is read as if after it.
      const before = await yavaBin(['--server', server.url, 'whoami', '--json'], { YAVA_TOKEN: pat });
      expect(before.stderr, before.stderr).to.equal('');
      expect(JSON.parse(before.stdout)).to.include({ username: 'manners', server: server.url });
      const inline = await yavaBin([`--server=${server.url}`, '--json', 'whoami'], { YAVA_TOKEN: pat });
      expect(JSON.parse(inline.stdout)).to.include({ username: 'manners' });

      // yava mail 7 shows message 7, as --show 7 does.
      const shown = await yavaBin(['mail', String(mail.id ?? mail)], { YAVA_SERVER: server.url, YAVA_TOKEN: pat });
      expect(shown.stdout, shown.stderr).to.contain('Subject: Hello from the dev mailbox').and.contain('The body of message seven.');

      // A stray argument: which command, that it takes none, and what to type instead.
      const stray = await yavaBin(['meetings', 'tomorrow'], { YAVA_SERVER: server.url, YAVA_TOKEN: pat });
      expect(stray.code).to.equal(EXIT.usage);
      expect(stray.stderr).to.match(/^Error: "yava meetings" takes no argument "tomorrow". Type "yava meetings --help" for its flags, for example:\n {2}yava meetings\n/);
      expect(stray.stderr).not.to.contain('not found');
      const unknown = await yavaBin(['frobnicate'], {});
      expect(unknown.code).to.equal(EXIT.usage);
      expect(unknown.stderr.trim()).to.equal('Error: There is no command "yava frobnicate". Type "yava help" for the list.');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('yava db and admin (local database)', function () {
  this.timeout(120_000);
  let dir: string;
  let home: ReturnType<typeof tempConfigHome>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'yava-db-'));
    home = tempConfigHome();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    home.cleanup();
  });
  const env = () => ({ YAVA_DATA_DIR: join(dir, 'data'), DATABASE_URL: undefined, BCRYPT_COST: '4', XDG_CONFIG_HOME: home.dir });

  it('a data directory that cannot be made is named, not blamed on a running server', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'a-file'), '');
    const res = await yava(['db', 'status'], { env: { ...env(), YAVA_DATA_DIR: join(dir, 'a-file', 'data') } });
    expect(res.code).to.equal(EXIT.failure);
    expect(res.stderr).to.contain('check YAVA_DATA_DIR').and.not.contain('stop the server first');
  });

  it('db status lists pending migrations, db migrate applies them', async () => {
    const before = await yava(['db', 'status', '--json'], { env: env() });
    expect(before.code, before.stderr).to.equal(0);
    expect(before.json().pending.length).to.be.greaterThan(0);
    const migrated = await yava(['db', 'migrate', '--json'], { env: env() });
    expect(migrated.json().applied).to.deep.equal(before.json().pending);
    const after = await yava(['db', 'status', '--json'], { env: env() });
    expect(after.json()).to.include.keys('applied', 'pending');
    expect(after.json().pending).to.deep.equal([]);
  });

  it('admin create makes an admin from flags and a password on stdin; exit 2 without one', async () => {
    const res = await yava(['admin', 'create', '--email', 'root@example.com', '--name', 'Root', '--password-stdin', '--json'], { env: env(), stdin: 'a long enough admin password\n' });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.include({ email: 'root@example.com', role: 'admin' });
    const again = await yava(['admin', 'create', '--email', 'root@example.com', '--name', 'Root', '--password-stdin'], { env: env(), stdin: 'a long enough admin password\n' });
    expect(again.code).to.equal(EXIT.conflict);
    const notAnEmail = await yava(['admin', 'create', '--email', 'notanemail', '--name', 'Ops', '--password-stdin'], { env: env(), stdin: 'a long enough admin password\n' });
    expect([notAnEmail.code, notAnEmail.stderr], 'an address, as registration asks').to.satisfy(([code, err]: [number, string]) => code === EXIT.usage && err.includes('--email: expected an e-mail address'));
    const blankName = await yava(['admin', 'create', '--email', 'x1@example.com', '--name', '   ', '--password-stdin'], { env: env(), stdin: 'a long enough admin password\n' });
    expect(blankName.code, blankName.stderr).to.equal(EXIT.usage);
    expect(blankName.stderr).to.contain('--name');
    const noPassword = await yava(['admin', 'create', '--email', 'x@example.com', '--name', 'X'], { env: env() });
    expect(noPassword.code).to.equal(EXIT.usage);
    expect(noPassword.stderr).to.contain('--password-stdin');
  });
});
