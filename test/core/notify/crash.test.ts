import { expect } from 'chai';
import type { Knex } from 'knex';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/smtp.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhookReceiver.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { ended, repeats, startDispatcherProcess } from '../../helpers/dispatcherRuns.js';
import { seedDueMessages } from '../../helpers/dueMessages.js';

const WEBHOOKS = 30;
const EMAILS = 15;

/**
 * A dispatcher process SIGKILLed at each step, then a fresh one: every message arrives, and
 * the only repeat is the one message the receiver had accepted when the dispatcher died
 * (the documented window), which carries the same Yava-Event-Id / Message-ID again.
 */
describe('outbox: a dispatcher killed at each step (PostgreSQL)', function () {
  this.timeout(600_000);
  let db: Knex;
  let smtp: FakeSmtp;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;

  before(async function () {
    if (!usingPostgres()) this.skip();
    this.timeout(180_000);
    db = (await resetTestDb()).knex;
    smtp = await startFakeSmtp();
    receiver = await startWebhookReceiver();
    env = { DATABASE_URL: await testDatabaseUrl(), SMTP_URL: smtp.url, LEASE_MS: '1500', BATCH_SIZE: '10' };
  });
  after(async () => {
    await smtp?.close();
    await receiver?.close();
  });
  beforeEach(async () => {
    await db('outbox').del();
    receiver.received.length = 0;
    smtp.received.length = 0;
    await seedDueMessages(db, { webhooks: WEBHOOKS, emails: EMAILS, receiverUrl: receiver.url });
  });

  /** Runs a dispatcher that dies (by `kill` or its own crash point), then one that finishes. */
  async function crashThenRecover(crashEnv: Record<string, string>, kill?: () => Promise<void>) {
    const first = await startDispatcherProcess({ ...env, ...crashEnv });
    if (kill) {
      await kill();
      first.child.kill('SIGKILL');
    }
    const death = await ended(first, 120_000);
    expect(death.signal, first.output()).to.equal('SIGKILL');
    const atCrash = { webhooks: receiver.eventIds().length, emails: smtp.received.length };
    const second = await startDispatcherProcess(env);
    expect((await ended(second, 120_000)).code, second.output()).to.equal(0);
    const webhookIds = receiver.eventIds();
    const messageIds = smtp.received.map((m) => m.messageId);
    expect(new Set(webhookIds).size, 'webhooks lost').to.equal(WEBHOOKS);
    expect(new Set(messageIds).size, 'e-mails lost').to.equal(EMAILS);
    expect((await db('outbox').whereNot({ status: 'sent' })).length).to.equal(0);
    return { atCrash, webhookRepeats: repeats(webhookIds), emailRepeats: repeats(messageIds), total: webhookIds.length + messageIds.length };
  }

  it('killed before a send: nothing lost, nothing doubled', async () => {
    const r = await crashThenRecover({ CRASH_AT: 'before-send', CRASH_ON: '7' });
    expect(r.atCrash.webhooks + r.atCrash.emails).to.equal(6);
    expect(r.webhookRepeats).to.deep.equal([]);
    expect(r.emailRepeats).to.deep.equal([]);
    expect(r.total).to.equal(WEBHOOKS + EMAILS);
  });

  it('killed after a webhook was accepted, before it was recorded: resent once with the same Yava-Event-Id', async () => {
    const r = await crashThenRecover({ CRASH_AT: 'after-send', CRASH_ON: '4', CRASH_CHANNEL: 'webhook' });
    expect(r.atCrash.webhooks).to.equal(4);
    expect(r.webhookRepeats).to.have.length(1);
    expect(r.emailRepeats).to.deep.equal([]);
    expect(r.total).to.equal(WEBHOOKS + EMAILS + 1);
    const copies = receiver.received.filter((h) => h.headers['yava-event-id'] === r.webhookRepeats[0]);
    expect(copies).to.have.length(2);
    expect(copies[0]!.body).to.equal(copies[1]!.body);
  });

  it('killed after SMTP accepted a message, before it was recorded: resent once with the same Message-ID (the documented window)', async () => {
    const r = await crashThenRecover({ CRASH_AT: 'after-send', CRASH_ON: '3', CRASH_CHANNEL: 'email' });
    expect(r.atCrash.emails).to.equal(3);
    expect(r.emailRepeats).to.have.length(1);
    expect(r.webhookRepeats).to.deep.equal([]);
    expect(r.total).to.equal(WEBHOOKS + EMAILS + 1);
  });

  it('killed mid-batch from outside: nothing lost, at most the one message in flight doubled', async () => {
    const r = await crashThenRecover({ SEND_DELAY_MS: '40' }, async () => {
      const deadline = Date.now() + 60_000;
      while (receiver.eventIds().length + smtp.received.length < 15 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
    });
    expect(r.atCrash.webhooks + r.atCrash.emails).to.be.within(15, WEBHOOKS + EMAILS - 1);
    expect(r.webhookRepeats.length + r.emailRepeats.length).to.be.at.most(1);
    expect(r.total).to.be.within(WEBHOOKS + EMAILS, WEBHOOKS + EMAILS + 1);
  });
});
