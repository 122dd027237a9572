import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USER, seedDemo } from '../../core/demo/seed.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, startTestServer } from '../helpers/server.js';

describe('server', () => {
  it('serves /health and /ready', async () => {
    const server = await startTestServer();
    try {
      const call = apiClient(server.url);
      expect((await call('GET', '/health')).body).to.deep.equal({ status: 'ok' });
      expect((await call('GET', '/ready')).body).to.deep.equal({ status: 'ready', database: 'ok' });
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
    this.timeout(60_000);
    const dataDir = mkdtempSync(join(tmpdir(), 'yava-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts', '--demo'], {
      env: { ...process.env, PORT: '0', YAVA_DATA_DIR: join(dataDir, 'data'), BCRYPT_COST: '4', LOG_LEVEL: 'warn', TEST_DATABASE_URL: '', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in time: ${out}`)), 50_000);
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
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a bad variable with one line naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).to.equal(1);
    expect(err.split('\n')[0]).to.equal('Invalid configuration: PORT: expected a whole number from 0 to 65535 (got "eighty")');
  });
});
