import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveJwtSecret } from '../../server/compose.js';
import { loadConfig } from '../../core/config.js';
import { DEMO_USER, seedDemo } from '../../core/demo/seed.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, startTestServer } from '../helpers/server.js';

describe('server', () => {
  it('serves /health and /ready', async () => {
    const server = await startTestServer();
    try {
      const call = apiClient(server.url);
      expect((await call('GET', '/health')).body).to.deep.equal({ status: 'ok', role: 'all' });
      expect((await call('GET', '/ready')).body).to.deep.equal({ status: 'ready', database: 'ok', redis: 'not configured' });
    } finally {
      await server.close();
    }
  });

  it('seeds demo data idempotently: a host with working hours and two event types', async () => {
    const db = (await resetTestDb()).knex;
    expect((await seedDemo(db, { bcryptCost: 4 })).created).to.equal(true);
    expect((await seedDemo(db, { bcryptCost: 4 })).created).to.equal(false);
    const users = await db('users').where({ username: DEMO_USER.username });
    expect(users).to.have.length(1);
    expect(await db('schedules').where({ user_id: users[0].id })).to.have.length(1);
    const types = await db('event_types').where({ owner_user_id: users[0].id }).orderBy('slug');
    expect(types.map((t: { slug: string }) => t.slug)).to.deep.equal(['deep-dive', 'intro']);
  });

  it('starts from the entry point on a fresh embedded database and stops cleanly on SIGTERM', async function () {
    this.timeout(180_000); // tsx compiles the entry point and a fresh embedded database migrates: slow on a busy machine
    const dataDir = mkdtempSync(join(tmpdir(), 'yava-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--demo'], {
      env: { ...process.env, PORT: '0', YAVA_DATA_DIR: join(dataDir, 'data'), BCRYPT_COST: '4', LOG_LEVEL: 'warn', TEST_DATABASE_URL: '', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in time: ${out}`)), 150_000); // tsx compiles on start: slow on a loaded machine
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /running at (http:\/\/\S+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect(out).to.include('yava login');
      const call = apiClient(url);
      expect((await call('GET', '/ready')).status).to.equal(200);
      const login = await call('POST', '/api/auth/login', { body: { email: DEMO_USER.email, password: DEMO_USER.password } });
      expect(login.status).to.equal(200);
      // PORT=0 without PUBLIC_URL: links name the port served, not localhost:0.
      const port = new URL(url).port;
      const page = await (await fetch(`${url}/${DEMO_USER.username}`)).text();
      expect(page).to.include(`:${port}/${DEMO_USER.username}`).and.not.include('localhost:0/');
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a bad variable with one line naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).to.equal(1);
    expect(err.split('\n')[0]).to.equal('Invalid configuration: PORT: expected a whole number from 0 to 65535 (got "eighty")');
  });

  it('keeps the generated JWT secret inside the data directory (0600), moving one left beside it by older versions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-secret-'));
    try {
      const config = loadConfig({ YAVA_DATA_DIR: join(dir, 'data') });
      writeFileSync(join(dir, 'jwt-secret'), 'an-old-secret-that-live-sessions-were-signed-with\n', { mode: 0o644 });
      expect(resolveJwtSecret(config)).to.equal('an-old-secret-that-live-sessions-were-signed-with');
      expect(existsSync(join(dir, 'jwt-secret'))).to.equal(false);
      expect(statSync(join(dir, 'data', 'jwt-secret')).mode & 0o777).to.equal(0o600);
      expect(statSync(join(dir, 'data')).mode & 0o077).to.equal(0);
      expect(resolveJwtSecret(config)).to.equal('an-old-secret-that-live-sessions-were-signed-with');
      rmSync(join(dir, 'data', 'jwt-secret'));
      const fresh = resolveJwtSecret(config);
      expect(fresh).to.have.length.greaterThan(40);
      expect(readFileSync(join(dir, 'data', 'jwt-secret'), 'utf8')).to.equal(fresh);
      expect(resolveJwtSecret(loadConfig({ YAVA_DATA_DIR: join(dir, 'data'), JWT_SECRET: 'x'.repeat(32) }))).to.equal('x'.repeat(32));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
