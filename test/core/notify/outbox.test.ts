import { expect } from 'chai';
import ICAL from 'ical.js';
import type { Knex } from 'knex';
import { createBookingService, createSchedulingService } from '../../../core/booking/index.js';
import { createFixedClock } from '../../../core/clock.js';
import { createOutboxDispatcher, type ChannelSender } from '../../../core/notify/dispatcher.js';
import { createEmailSender } from '../../../core/notify/email/mailer.js';
import { createOutboxNotifier, enqueueOutboxMessages } from '../../../core/notify/outbox.js';
import { startOutboxScheduler } from '../../../core/notify/scheduler.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/smtp.js';
import { resetTestDb } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';

const FROM = 'Yava <no-reply@yava.test>';

function parseIcs(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  const event = comp.getFirstSubcomponent('vevent')!;
  return {
    method: comp.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status'),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    organizer: String(event.getFirstPropertyValue('organizer')),
    attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue())),
  };
}

function icsOf(mail: FakeSmtp['received'][number]): string {
  const att = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
  expect(att, 'an .ics attachment').to.exist;
  return att!.content.toString('utf8');
}

async function outboxRows(db: Knex) {
  return db('outbox').orderBy('created_at').orderBy('idempotency_key');
}

describe('outbox: booking e-mails over SMTP', () => {
  let db: Knex;
  let smtp: FakeSmtp;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let host: Awaited<ReturnType<typeof insertUser>>;
  let mailer: ReturnType<typeof createEmailSender>;
  let booking: ReturnType<typeof createBookingService>;

  before(async () => {
    db = (await resetTestDb()).knex;
    smtp = await startFakeSmtp();
    mailer = createEmailSender({ db, smtpUrl: smtp.url, from: FROM, timeouts: { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 } });
    const notifier = createOutboxNotifier({ clock, publicUrl: 'http://yava.test', maxAttempts: 3 });
    booking = createBookingService({ db, clock, notifier });
    const scheduling = createSchedulingService({ db, clock });
    host = await insertUser(db, { name: 'Hélène Host', timezone: 'Europe/Berlin' });
    await scheduling.createEventType(host.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    await scheduling.createEventType(host.id, { slug: 'vip', title: 'VIP call', durationMinutes: 30, requiresApproval: true });
  });
  after(async () => {
    mailer.close();
    await smtp.close();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.setMode('accept');
    await db('outbox').del();
    clock.set('2026-11-24T08:00:00Z');
  });

  const dispatcher = (overrides: Partial<Parameters<typeof createOutboxDispatcher>[0]> = {}) =>
    createOutboxDispatcher({ db, clock, senders: { email: mailer.send }, backoffBaseMs: 60_000, leaseMs: 60_000, random: () => 0.5, ...overrides });

  it('writes the e-mails with the booking and sends a confirmation and a host notice with METHOD:REQUEST invites', async () => {
    const { booking: meeting, manageToken } = await booking.scheduleBooking({ user: host.username, eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ivy <b>Invitee</b>', email: 'ivy@example.com', timezone: 'America/New_York' } });
    const rows = await outboxRows(db);
    expect(rows.map((r) => r.status)).to.deep.equal(['pending', 'pending']);
    expect(rows.every((r) => r.booking_id === meeting.id)).to.equal(true);

    const result = await dispatcher().drain();
    expect(result.sent).to.equal(2);
    expect(smtp.received).to.have.length(2);
    const toIvy = smtp.received.find((m) => m.envelopeTo.includes('ivy@example.com'))!;
    const toHost = smtp.received.find((m) => m.envelopeTo.includes(host.email))!;
    expect(toIvy.parsed.subject).to.match(/^Confirmed: Intro call/);
    expect(toHost.parsed.subject).to.match(/^New meeting: Intro call/);
    // Each in their own zone: 09:00Z is 04:00 in New York and 10:00 in Berlin.
    expect(toIvy.parsed.text).to.include('04:00–04:30 (America/New_York)');
    expect(toHost.parsed.text).to.include('10:00–10:30 (Europe/Berlin)');
    expect(toIvy.parsed.html).to.include('Ivy &lt;b&gt;Invitee&lt;/b&gt;').and.not.include('<b>Invitee</b>');
    expect(toIvy.parsed.text).to.include(`http://yava.test/meetings/${meeting.id}?token=${manageToken}`);
    expect(toHost.parsed.text).not.to.include(manageToken);
    for (const mail of [toIvy, toHost]) {
      const ics = parseIcs(icsOf(mail));
      expect(ics).to.include({ method: 'REQUEST', uid: meeting.icalUid, sequence: 0, status: 'CONFIRMED', start: '2026-11-25T09:00:00.000Z' });
      expect(ics.organizer.toLowerCase()).to.equal(`mailto:${host.email}`);
      expect(ics.attendees.map((a) => a.toLowerCase())).to.include('mailto:ivy@example.com');
      expect(mail.messageId).to.match(/^<[0-9a-f]{40}@yava\.test>$/);
    }
    const sent = await outboxRows(db);
    expect(sent.map((r) => r.status)).to.deep.equal(['sent', 'sent']);
    expect(await db('outbox_attempts').whereIn('outbox_id', sent.map((r) => r.id)).count<{ count: number }[]>('* as count')).to.deep.equal([{ count: 2 }]);
  });

  it('sends the updated invite on reschedule (same UID, higher SEQUENCE) and METHOD:CANCEL on cancel', async () => {
    const { booking: meeting, manageToken } = await booking.scheduleBooking({ user: host.username, eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: { name: 'Rae', email: 'rae@example.com', timezone: 'Asia/Tokyo' } });
    await booking.rescheduleBooking(meeting.id, { start: '2026-11-26T12:00:00Z' }, { manageToken });
    await booking.cancelBooking(meeting.id, { reason: 'Conflict <again>' }, { manageToken });
    await dispatcher().drain();
    const toRae = smtp.received.filter((m) => m.envelopeTo.includes('rae@example.com'));
    expect(toRae.map((m) => m.parsed.subject?.split(':')[0])).to.have.members(['Confirmed', 'Rescheduled', 'Canceled']);
    const resched = toRae.find((m) => m.parsed.subject!.startsWith('Rescheduled'))!;
    const cancel = toRae.find((m) => m.parsed.subject!.startsWith('Canceled'))!;
    expect(parseIcs(icsOf(resched))).to.include({ method: 'REQUEST', uid: meeting.icalUid, sequence: 1, start: '2026-11-26T12:00:00.000Z' });
    expect(resched.parsed.text).to.include('Was: Wednesday, 25 November 2026, 20:00–20:30 (Asia/Tokyo)');
    expect(parseIcs(icsOf(cancel))).to.include({ method: 'CANCEL', uid: meeting.icalUid, status: 'CANCELLED' });
    expect(cancel.parsed.html).to.include('Conflict &lt;again&gt;');
    // Later changes carry no manage token (the database only has its hash).
    expect(resched.parsed.text).not.to.include('token=');
    expect(smtp.received.filter((m) => m.envelopeTo.includes(host.email))).to.have.length(3);
  });

  it('tells the host how to approve a pending request', async () => {
    const { booking: meeting } = await booking.scheduleBooking({ user: host.username, eventType: 'vip', start: '2026-11-25T13:00:00Z', invitee: { name: 'Pat', email: 'pat@example.com', timezone: 'UTC' } });
    await dispatcher().drain();
    const toHost = smtp.received.find((m) => m.envelopeTo.includes(host.email))!;
    const toPat = smtp.received.find((m) => m.envelopeTo.includes('pat@example.com'))!;
    expect(toHost.parsed.subject).to.match(/^Approval needed/);
    expect(toHost.parsed.text).to.include(`yava approve ${meeting.id}`);
    expect(toHost.parsed.text, 'the dashboard page with its Approve button').to.match(new RegExp(`https?://[^\\s]+/app/meetings/${meeting.id}`));
    expect(toPat.parsed.subject).to.match(/^Requested/);
    expect(toPat.parsed.attachments).to.have.length(0);
    // No invite goes with a request, so neither e-mail speaks of one.
    for (const mail of [toHost, toPat]) expect(mail.parsed.text).not.to.include('attached invite');
  });

  it('names the people of an ad-hoc meeting (no invitee row) to each of them', async () => {
    const scheduling = createSchedulingService({ db, clock });
    const alice = await insertUser(db, { name: 'Alice Adams', timezone: 'UTC' });
    const demo = await insertUser(db, { name: 'Demo Host', timezone: 'UTC' });
    const weekly = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '00:00', end: '23:59' }));
    for (const u of [alice, demo]) await scheduling.saveSchedule(u.id, { timezone: 'UTC', weekly, overrides: [] });
    await booking.scheduleAdHocBooking({ organizerUserId: demo.id, usernames: [alice.username], start: '2026-11-25T15:00:00Z', durationMinutes: 30, title: 'Sync with Alice', source: 'cli' });
    await dispatcher().drain();
    const toAlice = smtp.received.find((m) => m.envelopeTo.includes(alice.email))!;
    const toDemo = smtp.received.find((m) => m.envelopeTo.includes(demo.email))!;
    expect(toAlice.parsed.subject).to.equal('New meeting: Sync with Alice with Demo Host');
    expect(toAlice.parsed.text).to.include('Demo Host booked Sync with Alice with you.').and.include('Who: Alice Adams and Demo Host').and.include('Booked by: Demo Host');
    expect(toDemo.parsed.subject).to.equal('Confirmed: Sync with Alice with Alice Adams');
    expect(toDemo.parsed.text).to.include('Your meeting with Alice Adams is confirmed.');
    for (const mail of [toAlice, toDemo]) {
      expect(mail.parsed.text).not.to.match(/ with \.|^ |: $/m);
      expect(mail.parsed.html).to.include('Alice Adams').and.include('Demo Host');
    }
  });

  it('writes nothing when the change rolls back', async () => {
    const notifier = createOutboxNotifier({ clock, publicUrl: 'http://yava.test', maxAttempts: 3 });
    const { booking: meeting } = await booking.scheduleBooking({ user: host.username, eventType: 'intro', start: '2026-11-25T14:00:00Z', invitee: { name: 'Rolf', email: 'rolf@example.com', timezone: 'UTC' } });
    await db('outbox').del();
    await db
      .transaction(async (trx) => {
        await notifier.bookingChanged(trx, { type: 'canceled', bookingId: meeting.id });
        throw new Error('boom');
      })
      .catch(() => {});
    expect(await outboxRows(db)).to.have.length(0);
  });

  describe('crashes and leases', () => {
    async function enqueue(count: number) {
      await enqueueOutboxMessages(
        db,
        Array.from({ length: count }, (_, i) => ({
          channel: 'email',
          idempotencyKey: `test:${i}`,
          payload: { to: `r${i}@example.com`, toName: `R ${i}`, subject: `Message ${i}`, text: `Body ${i}`, html: `<p>Body ${i}</p>`, ics: null, icsMethod: null },
        })),
        { clock, maxAttempts: 3 },
      );
    }
    const countById = () => {
      const counts = new Map<string, number>();
      for (const m of smtp.received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
      return counts;
    };

    it('a dispatcher killed after k messages, then a new one, delivers every message exactly once', async () => {
      await enqueue(6);
      const kill = new AbortController();
      let sentByFirst = 0;
      const dying: ChannelSender = async (m) => {
        await mailer.send(m);
        sentByFirst += 1;
        if (sentByFirst === 2) kill.abort(); // the process dies right after its 2nd message
      };
      const first = await dispatcher({ senders: { email: dying } }).runOnce({ signal: kill.signal });
      expect(first).to.include({ claimed: 6, sent: 2 });
      // The rest are leased to the dead dispatcher: a new one waits for the lease to run out.
      const second = dispatcher();
      expect((await second.runOnce()).claimed).to.equal(0);
      clock.advance(60_001);
      expect((await second.drain()).sent).to.equal(4);
      const counts = countById();
      expect(counts.size).to.equal(6);
      expect([...counts.values()].every((c) => c === 1)).to.equal(true);
      expect((await outboxRows(db)).every((r) => r.status === 'sent' && r.attempts === 1)).to.equal(true);
    });

    it('a stalled dispatcher whose lease was taken over does not send again', async () => {
      await enqueue(4);
      const slow = dispatcher({ workerId: 'slow' });
      const batch = await slow.claimBatch();
      expect(batch).to.have.length(4);
      clock.advance(60_001);
      expect((await dispatcher({ workerId: 'fast' }).drain()).sent).to.equal(4);
      const late = await slow.deliver(batch);
      expect(late).to.include({ sent: 0, skipped: 4 });
      expect(smtp.received).to.have.length(4);
      expect(countById().size).to.equal(4);
    });

    it('the same idempotency key is queued once', async () => {
      await enqueue(2);
      await enqueue(2);
      expect(await outboxRows(db)).to.have.length(2);
    });
  });

  describe('failing SMTP', () => {
    it('retries 4xx with exponential backoff, then delivers once', async () => {
      await enqueueOutboxMessages(db, [{ channel: 'email', idempotencyKey: 'retry:1', payload: { to: 'x@example.com', toName: 'X', subject: 'S', text: 'T', html: '<p>T</p>', ics: null, icsMethod: null } }], { clock, maxAttempts: 5 });
      smtp.setMode('tempfail');
      const d = dispatcher();
      expect(await d.runOnce()).to.include({ claimed: 1, failed: 1 });
      let row = (await outboxRows(db))[0];
      expect(row).to.include({ status: 'pending', attempts: 1 });
      expect(row.last_error).to.match(/451/);
      // 1st retry after base/2 + base/2·0.5 = 45 s (jitter fixed at 0.5); not before.
      expect(new Date(row.next_attempt_at).getTime() - clock.now().getTime()).to.equal(45_000);
      expect((await d.runOnce()).claimed).to.equal(0);
      clock.advance(45_000);
      expect(await d.runOnce()).to.include({ failed: 1 });
      row = (await outboxRows(db))[0];
      expect(new Date(row.next_attempt_at).getTime() - clock.now().getTime()).to.equal(90_000);
      smtp.setMode('accept');
      clock.advance(90_000);
      expect(await d.runOnce()).to.include({ sent: 1 });
      expect(smtp.received).to.have.length(1);
      const attempts = await db('outbox_attempts').where({ outbox_id: row.id }).orderBy('attempt');
      expect(attempts.map((a) => a.ok)).to.deep.equal([false, false, true]);
    });

    it('gives up after max attempts into the dead-letter state, and never sends it later', async () => {
      await enqueueOutboxMessages(db, [{ channel: 'email', idempotencyKey: 'dead:1', payload: { to: 'x@example.com', toName: 'X', subject: 'S', text: 'T', html: '<p>T</p>', ics: null, icsMethod: null } }], { clock, maxAttempts: 3 });
      smtp.setMode('permfail');
      const rejectedBefore = smtp.rejected;
      const d = dispatcher();
      for (let i = 0; i < 3; i += 1) {
        await d.runOnce();
        clock.advance(3_600_000);
      }
      const [row] = await outboxRows(db);
      expect(row).to.include({ status: 'dead', attempts: 3 });
      expect(row.last_error).to.match(/554/);
      smtp.setMode('accept');
      await d.drain();
      expect(smtp.received).to.have.length(0);
      expect(smtp.rejected - rejectedBefore).to.equal(3);
    });

    it('retries when the server refuses connections, then dead-letters', async () => {
      const closed = await startFakeSmtp();
      await closed.close();
      const refused = createEmailSender({ db, smtpUrl: closed.url, from: FROM, timeouts: { connectionMs: 1000 } });
      await enqueueOutboxMessages(db, [{ channel: 'email', idempotencyKey: 'refused:1', payload: { to: 'x@example.com', toName: 'X', subject: 'S', text: 'T', html: '<p>T</p>', ics: null, icsMethod: null } }], { clock, maxAttempts: 2 });
      const d = dispatcher({ senders: { email: refused.send } });
      await d.runOnce();
      clock.advance(3_600_000);
      await d.runOnce();
      const [row] = await outboxRows(db);
      expect(row).to.include({ status: 'dead', attempts: 2 });
      expect(row.last_error).to.match(/ECONNREFUSED|ESOCKET|connect/i);
      refused.close();
    });
  });

  it('without SMTP_URL, mail lands in the dev mailbox once per message', async () => {
    await db('dev_mailbox').del();
    const dev = createEmailSender({ db, from: FROM });
    await enqueueOutboxMessages(db, [{ channel: 'email', idempotencyKey: 'dev:1', payload: { to: 'dev@example.com', toName: 'Dev', subject: 'Hello', text: 'T', html: '<p>T</p>', ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR', icsMethod: 'REQUEST' } }], { clock, maxAttempts: 3 });
    const [row] = await outboxRows(db);
    const message = { id: row.id, channel: 'email', idempotencyKey: 'dev:1', payload: row.payload, attempts: 0, maxAttempts: 3, bookingId: null };
    await dev.send(message);
    await dev.send(message); // a resend after a crash
    const mails = await db('dev_mailbox');
    expect(mails).to.have.length(1);
    expect(mails[0]).to.include({ to: 'dev@example.com', subject: 'Hello' });
  });

  it('bree schedules the dispatcher', async () => {
    await enqueueOutboxMessages(db, [{ channel: 'email', idempotencyKey: 'bree:1', payload: { to: 'b@example.com', toName: 'B', subject: 'Scheduled', text: 'T', html: '<p>T</p>', ics: null, icsMethod: null } }], { clock, maxAttempts: 3 });
    const scheduler = await startOutboxScheduler({ dispatcher: dispatcher(), intervalMs: 100 });
    try {
      const deadline = Date.now() + 10_000;
      while (smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await scheduler.stop();
    }
    expect(smtp.received.map((m) => m.parsed.subject)).to.deep.equal(['Scheduled']);
  });
});
