import { expect } from 'chai';
import knexPkg, { type Knex } from 'knex';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../helpers/db.js';
import { apiClient } from '../helpers/server.js';
import { createEventType, createHost, invitee } from '../helpers/scheduling.js';
import { ensureBuilt, startServe, type ServeProcess } from '../helpers/serve.js';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('yava serve --role api|worker side by side (built binary, PostgreSQL)', function () {
  this.timeout(120_000);
  let smtp: FakeSmtp;
  let db: Knex;
  let env: Record<string, string>;
  const processes: ServeProcess[] = [];

  before(async function () {
    if (!usingPostgres()) return this.skip();
    ensureBuilt();
    await resetTestDb();
    smtp = await startFakeSmtp();
    const url = await testDatabaseUrl();
    db = knexPkg.knex({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
    env = { DATABASE_URL: url, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', RATE_LIMIT: 'off', JWT_SECRET: 'roles-test-secret-that-is-long-enough-0123456789' };
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await db?.destroy();
    await smtp?.close();
  });

  it('api processes answer HTTP and send nothing; workers deliver each email once and serve only probes', async () => {
    const api = await startServe(['--role', 'api'], env);
    processes.push(api);
    const call = apiClient(api.url);
    expect((await call('GET', '/health')).body).to.deep.equal({ status: 'ok', role: 'api' });
    const host = await createHost(call, 'roles-host');
    await createEventType(call, host.token, { slug: 'chat', maxDaysAhead: 800 });
    const start = `${new Date().getUTCFullYear() + 1}-03-02T10:00:00Z`; // a Monday
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'roles-host', eventType: 'chat', start, invitee: invitee(1) } });
    expect(booked.status, booked.text).to.equal(201);

    // The API process alone never dispatches: its outbox rows stay pending.
    await sleep(800);
    const pending = await db('outbox').where({ status: 'pending' }).count({ n: '*' }).first();
    expect(Number(pending?.n)).to.be.greaterThan(0);
    expect(smtp.received).to.have.length(0);

    // Two workers on the same database: every message is sent, and sent once.
    const workers = await Promise.all([startServe(['--role', 'worker'], env), startServe(['--role', 'worker'], env)]);
    processes.push(...workers);
    const total = Number(pending?.n);
    await waitFor('every outbox row sent', async () => Number((await db('outbox').where({ status: 'sent' }).count({ n: '*' }).first())?.n) >= total).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await db('outbox').select('channel', 'status', 'attempts', 'last_error'))}`);
    });
    await sleep(500);
    // Every row sent went out once. (A worker may also queue and send a weekly summary when it
    // starts on a Monday after 08:00 in the host's zone: count what was sent, not what was pending.)
    const sent = Number((await db('outbox').where({ status: 'sent' }).count({ n: '*' }).first())?.n);
    expect(sent).to.be.at.least(total);
    expect(smtp.received).to.have.length(sent);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).to.equal(sent);

    // A worker serves probes and metrics, not the API.
    const worker = apiClient(workers[0]!.url);
    expect((await worker('GET', '/health')).body.role).to.equal('worker');
    expect((await worker('GET', '/ready')).status).to.equal(200);
    expect((await worker('GET', '/metrics')).status).to.equal(200);
    expect((await worker('GET', '/api/availability?user=roles-host&eventType=chat')).status).to.equal(404);
  });

  it('a periodic job runs once per period however many workers run it', async () => {
    const rows = await waitFor('the purge job to run', async () => {
      const r = await db('job_runs').where({ name: 'purge-expired' });
      return r.length > 0 && r.every((row) => row.finished_at) ? r : null;
    });
    const periods = new Set(rows.map((r) => new Date(r.period_start).toISOString()));
    expect(rows).to.have.length(periods.size);
    expect(rows[0].error).to.equal(null);
  });

  it('SIGTERM drains a worker and exits 0', async () => {
    const worker = processes.find((p) => /role worker/.test(p.output()))!;
    expect(await worker.stop('SIGTERM')).to.equal(0);
  });
});
