import { expect } from 'chai';
import { openToOthers } from '../../helpers/files.js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../../cli/exitCodes.js';
import { DEMO_USER } from '../../../core/demo/seed.js';
import { yava } from '../../cli/helpers.js';
import { apiClient } from '../../helpers/server.js';
import { startServerProcess, stopServerProcess, type ServerProcess, type ServerProcessExit } from '../../helpers/serverProcess.js';

describe('one owner per embedded database (the built server, killed with SIGKILL)', function () {
  this.timeout(240_000);
  let dir: string;
  const servers: ServerProcess[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'yava-crash-'));
  });
  after(async () => {
    for (const server of servers) await stopServerProcess(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second server and the CLI while one runs, and keeps every acknowledged booking across a crash', async () => {
    const dataDir = join(dir, 'data');
    const env = { YAVA_DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 'crash-test-secret-crash-test-secret-0123', YAVA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };
    const first = await startServerProcess(env, ['--demo']);
    servers.push(first);
    const pid = first.child.pid!;
    expect(JSON.parse(readFileSync(join(dataDir, 'yava.lock'), 'utf8'))).to.include({ pid });
    // Production start-up output never shows the demo password.
    expect(first.output()).to.include(DEMO_USER.email).and.not.include(DEMO_USER.password);

    const refused = await startServerProcess(env).then(
      (second) => {
        servers.push(second);
        return null;
      },
      (error: Error) => error.cause as ServerProcessExit,
    );
    expect(refused, 'a second server started on the same data directory').not.to.equal(null);
    expect(refused!.code).to.equal(1);
    expect(refused!.stderr).to.include(`in use by process ${pid}`);

    const cli = await yava(['db', 'status', '--json'], { env: { YAVA_DATA_DIR: dataDir, DATABASE_URL: undefined } });
    expect(cli.code).to.equal(EXIT.failure);
    expect(cli.json().error.code).to.equal('database_in_use');
    expect(cli.stderr).to.include(`in use by process ${pid}`);

    const call = apiClient(first.url);
    const slots = await call('GET', '/api/availability?user=demo&eventType=intro&timezone=UTC');
    expect(slots.status, slots.text).to.equal(200);
    expect(slots.body.slots.length).to.be.greaterThan(5);
    const acknowledged: string[] = [];
    for (const [n, slot] of slots.body.slots.slice(0, 6).entries()) {
      const res = await call('POST', '/api/meetings/schedule', { body: { user: 'demo', eventType: 'intro', start: slot.start, invitee: { name: `Guest ${n}`, email: `guest${n}@example.org`, timezone: 'UTC' } } });
      expect(res.status, res.text).to.equal(201);
      acknowledged.push(res.body.id);
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).to.equal('SIGKILL');

    // The dead process's lock is taken over; the data is all there.
    const restarted = await startServerProcess(env);
    servers.push(restarted);
    expect(JSON.parse(readFileSync(join(dataDir, 'yava.lock'), 'utf8'))).to.include({ pid: restarted.child.pid });
    const again = apiClient(restarted.url);
    const login = await again('POST', '/api/auth/login', { body: { email: DEMO_USER.email, password: DEMO_USER.password } });
    expect(login.status, login.text).to.equal(200);
    for (const id of acknowledged) {
      const meeting = await again('GET', `/api/meetings/${id}`, { token: login.body.accessToken });
      expect(meeting.status, `booking ${id} lost: ${meeting.text}`).to.equal(200);
      expect(meeting.body.status).to.equal('scheduled');
    }
    expect(openToOthers(dataDir)).to.deep.equal([]);
    await stopServerProcess(restarted);
    expect(() => statSync(join(dataDir, 'yava.lock')), 'a clean stop releases the lock').to.throw();
  });
});
