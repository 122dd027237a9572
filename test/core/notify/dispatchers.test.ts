import { expect } from 'chai';
import type { Knex } from 'knex';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/smtp.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhookReceiver.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { ended, repeats, startDispatcherProcess } from '../../helpers/dispatcherRuns.js';
import { seedDueMessages } from '../../helpers/dueMessages.js';
import type { StartedProcess } from '../../helpers/processes.js';

describe('outbox: three dispatcher processes on PostgreSQL', function () {
  this.timeout(600_000);
  let db: Knex;
  let smtp: FakeSmtp;
  let receiver: WebhookReceiver;
  const procs: StartedProcess[] = [];

  before(async function () {
    if (!usingPostgres()) this.skip();
    this.timeout(180_000);
    db = (await resetTestDb()).knex;
    smtp = await startFakeSmtp();
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await smtp?.close();
    await receiver?.close();
  });

  it('deliver 1,000 due messages (webhooks and e-mails) each exactly once, counted at the receivers', async () => {
    await seedDueMessages(db, { webhooks: 800, emails: 200, receiverUrl: receiver.url });
    const env = { DATABASE_URL: await testDatabaseUrl(), SMTP_URL: smtp.url, WAIT_FOR_GO: '1' };
    procs.push(...(await Promise.all([0, 1, 2].map(() => startDispatcherProcess(env)))));
    // All three start together, so they compete for the same rows.
    for (const p of procs) p.child.stdin!.write('go\n');
    const exits = await Promise.all(procs.map((p) => ended(p, 300_000)));
    expect(exits.map((e) => e.code), procs.map((p) => p.output()).join('\n')).to.deep.equal([0, 0, 0]);

    const eventIds = receiver.eventIds();
    expect(eventIds).to.have.length(800);
    expect(repeats(eventIds)).to.deep.equal([]);
    const messageIds = smtp.received.map((m) => m.messageId);
    expect(messageIds).to.have.length(200);
    expect(repeats(messageIds)).to.deep.equal([]);
    const rows = await db('outbox').select('status', 'attempts');
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).to.equal(true);
    // Each process did part of the work.
    const sentBy = procs.map((p) => [...p.output().matchAll(/^sent (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0));
    expect(sentBy.reduce((a, b) => a + b, 0)).to.equal(1000);
    expect(sentBy.filter((n) => n > 0).length, `sent by each: ${sentBy}`).to.be.at.least(2);
  });
});
