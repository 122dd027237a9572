import { expect } from 'chai';
import type { Knex } from 'knex';
import { createBookingService, createSchedulingService } from '../../../../core/booking/index.js';
import { createFixedClock } from '../../../../core/clock.js';
import { createOutboxDispatcher } from '../../../../core/notify/dispatcher.js';
import { createEmailSender } from '../../../../core/notify/email/mailer.js';
import { createOutboxNotifier } from '../../../../core/notify/outbox.js';
import { createEmailPreferenceFilter } from '../../../../core/notify/preferences/emailFilter.js';
import { updateNotificationPreferences } from '../../../../core/notify/preferences/service.js';
import { unsubscribeKey } from '../../../../core/notify/preferences/unsubscribe.js';
import { createReminderNotifier } from '../../../../core/notify/reminders/notifier.js';
import { setEventTypeNotifications } from '../../../../core/notify/reminders/service.js';
import { combineNotifiers } from '../../../../core/notify/types.js';
import { startFakeSmtp, type FakeSmtp } from '../../../fakes/smtp.js';
import { resetTestDb } from '../../../helpers/db.js';
import { insertUser } from '../../../helpers/meetings.js';

const MIN = 60_000;

describe('reminders and follow-ups (outbox rows planned with the booking change)', () => {
  let db: Knex;
  let smtp: FakeSmtp;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const key = unsubscribeKey('test-secret');
  let host: Awaited<ReturnType<typeof insertUser>>;
  let mailer: ReturnType<typeof createEmailSender>;
  let booking: ReturnType<typeof createBookingService>;
  let eventTypeId: string;

  before(async () => {
    db = (await resetTestDb()).knex;
    smtp = await startFakeSmtp();
    mailer = createEmailSender({ db, smtpUrl: smtp.url, from: 'Yava <no-reply@yava.test>', timeouts: { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 } });
    const publicUrl = 'http://yava.test';
    const notifier = combineNotifiers(
      createOutboxNotifier({ clock, publicUrl, maxAttempts: 3, decorate: createEmailPreferenceFilter({ publicUrl, unsubscribeKey: key }) }),
      createReminderNotifier({ clock, publicUrl, maxAttempts: 3, unsubscribeKey: key, channels: { has: (c) => c === 'email' } }),
    );
    booking = createBookingService({ db, clock, notifier });
    host = await insertUser(db, { name: 'Hana Host', timezone: 'Europe/Berlin' });
    const et = await createSchedulingService({ db, clock }).createEventType(host.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    eventTypeId = et.id;
    await setEventTypeNotifications(db, host.id, eventTypeId, {
      reminders: [
        { minutesBefore: 1440, channel: 'email' },
        { minutesBefore: 60, channel: 'email', template: 'Hi {{name}}, {{title}} starts in {{in}}: {{when}}' },
      ],
      followUps: [{ hoursAfter: 2, channel: 'email', template: 'Thanks {{name}}! How was {{title}}?' }],
    });
  });
  after(async () => {
    mailer.close();
    await smtp.close();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    await db('outbox').del();
    await db('bookings').del();
    await db('notification_preferences').del();
    await db('notification_settings').del();
    clock.set('2026-11-24T08:00:00Z');
  });

  const dispatcher = () => createOutboxDispatcher({ db, clock, senders: { email: mailer.send }, leaseMs: 60_000, random: () => 0.5 });
  const noticeRows = (bookingId: string) =>
    db('outbox')
      .where({ booking_id: bookingId })
      .where((q) => q.whereLike('idempotency_key', 'reminder:%').orWhereLike('idempotency_key', 'followup:%'))
      .orderBy('next_attempt_at')
      .orderBy('idempotency_key');
  const subjects = () => smtp.received.map((m) => m.parsed.subject ?? '');
  const invite = (start: string, email = 'ivy@example.com') => booking.scheduleBooking({ user: host.username, eventType: 'intro', start, invitee: { name: 'Ivy', email, timezone: 'America/New_York' } });

  it('plans every reminder and the follow-up at its UTC instant for each attendee and host, and sends each when due', async () => {
    const { booking: meeting } = await invite('2026-11-26T15:00:00Z');
    const rows = await noticeRows(meeting.id);
    expect(rows.map((r) => `${new Date(r.next_attempt_at).toISOString()} ${r.payload.to}`)).to.deep.equal(
      [
        `2026-11-25T15:00:00.000Z ${host.email}`,
        '2026-11-25T15:00:00.000Z ivy@example.com',
        `2026-11-26T14:00:00.000Z ${host.email}`,
        '2026-11-26T14:00:00.000Z ivy@example.com',
        `2026-11-26T17:30:00.000Z ${host.email}`,
        '2026-11-26T17:30:00.000Z ivy@example.com',
      ].sort((a, b) => a.localeCompare(b)),
    );
    await dispatcher().drain(); // the confirmations only: nothing else is due
    expect(subjects().filter((s) => s.startsWith('Reminder'))).to.deep.equal([]);
    clock.set('2026-11-25T15:00:00Z');
    await dispatcher().drain();
    expect(subjects().filter((s) => s.startsWith('Reminder'))).to.deep.equal(['Reminder: Intro call in 24 hours', 'Reminder: Intro call in 24 hours']);
    clock.set('2026-11-26T14:00:00Z');
    await dispatcher().drain();
    const hour = smtp.received.find((m) => m.parsed.subject === 'Reminder: Intro call in 1 hour' && m.envelopeTo.includes('ivy@example.com'))!;
    expect(hour.parsed.text).to.include('Hi Ivy, Intro call starts in 1 hour: Thursday, 26 November 2026, 10:00–10:30 (America/New_York)');
    // RFC 8058 one-click unsubscribe, in the headers and in the text.
    const headers = hour.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' '); // unfolded
    const listUnsubscribe = /^List-Unsubscribe: <(http:\/\/yava\.test\/unsubscribe\/[\w-]+\.[\w-]+)>\r?$/m.exec(headers)?.[1];
    expect(listUnsubscribe, 'List-Unsubscribe header').to.be.a('string');
    expect(headers).to.match(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(hour.parsed.text).to.include(listUnsubscribe);
    clock.set('2026-11-26T17:30:00Z');
    await dispatcher().drain();
    const followUp = smtp.received.find((m) => m.parsed.subject === 'Follow-up: Intro call' && m.envelopeTo.includes('ivy@example.com'))!;
    expect(followUp.parsed.text).to.include('Thanks Ivy! How was Intro call?');
    expect((await noticeRows(meeting.id)).map((r) => r.status)).to.deep.equal(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('sends no reminder for a meeting canceled 1 minute before the reminder instant', async () => {
    const { booking: meeting, manageToken } = await invite('2026-11-26T15:00:00Z');
    clock.set(new Date(Date.parse('2026-11-26T14:00:00Z') - MIN));
    await dispatcher().drain();
    smtp.received.length = 0;
    await booking.cancelBooking(meeting.id, { reason: null }, { manageToken });
    // The two 24 h reminders went out the day before; every row still pending is gone with the cancel.
    expect((await noticeRows(meeting.id)).map((r) => r.status)).to.deep.equal(['sent', 'sent']);
    for (const at of ['2026-11-26T14:00:00Z', '2026-11-26T15:00:00Z', '2026-11-26T18:00:00Z']) {
      clock.set(at);
      await dispatcher().drain();
    }
    expect(subjects().every((s) => s.startsWith('Canceled'))).to.equal(true);
    expect(subjects()).to.have.length(2);
  });

  it('moves every pending reminder and the follow-up on reschedule, and keeps the ones already sent', async () => {
    const { booking: meeting, manageToken } = await invite('2026-11-26T15:00:00Z');
    clock.set('2026-11-25T15:00:00Z');
    await dispatcher().drain(); // the two 24 h reminders go out
    await booking.rescheduleBooking(meeting.id, { start: '2026-11-27T09:00:00Z' }, { manageToken });
    const rows = await noticeRows(meeting.id);
    const pending = rows.filter((r) => r.status === 'pending').map((r) => new Date(r.next_attempt_at).toISOString());
    expect([...new Set(pending)]).to.deep.equal(['2026-11-26T09:00:00.000Z', '2026-11-27T08:00:00.000Z', '2026-11-27T11:30:00.000Z']);
    expect(rows.filter((r) => r.status === 'sent')).to.have.length(2);
    // Nothing is left at the old instants: sending at 14:00 on the 26th finds nothing.
    smtp.received.length = 0;
    clock.set('2026-11-26T14:30:00Z');
    await dispatcher().drain();
    expect(subjects().filter((s) => s.startsWith('Reminder: Intro call in 1 hour'))).to.deep.equal([]);
    clock.set('2026-11-27T08:00:00Z');
    await dispatcher().drain();
    expect(subjects().filter((s) => s === 'Reminder: Intro call in 1 hour')).to.have.length(2);
  });

  it('still sends a reminder due sooner than the dispatcher interval', async () => {
    clock.set('2026-11-26T13:59:30Z');
    const { booking: meeting } = await invite('2026-11-26T15:00:00Z');
    const rows = await noticeRows(meeting.id);
    expect(rows.filter((r) => r.idempotency_key.startsWith('reminder:')).map((r) => new Date(r.next_attempt_at).toISOString())).to.deep.equal(['2026-11-26T14:00:00.000Z', '2026-11-26T14:00:00.000Z']);
    clock.advance(30_000);
    await dispatcher().drain();
    expect(subjects().filter((s) => s === 'Reminder: Intro call in 1 hour')).to.have.length(2);
  });

  it('skips the follow-up of a no-show meeting', async () => {
    const { booking: meeting } = await invite('2026-11-26T15:00:00Z');
    clock.set('2026-11-26T15:45:00Z');
    await booking.markNoShow(meeting.id, { userId: host.id });
    clock.set('2026-11-26T20:00:00Z');
    smtp.received.length = 0;
    await dispatcher().drain();
    expect(subjects().filter((s) => s.startsWith('Follow-up'))).to.deep.equal([]);
    expect((await noticeRows(meeting.id)).filter((r) => r.idempotency_key.startsWith('followup:'))).to.deep.equal([]);
  });

  it('honours preferences and quiet hours: a host who turned reminders off gets none; quiet hours hold the rest back', async () => {
    await updateNotificationPreferences(db, clock, host.id, { preferences: [{ channel: 'email', kind: 'reminder', enabled: false }] });
    const { booking: meeting } = await invite('2026-11-26T15:00:00Z');
    const rows = await noticeRows(meeting.id);
    expect(rows.filter((r) => r.idempotency_key.startsWith('reminder:')).map((r) => r.payload.to)).to.deep.equal(['ivy@example.com', 'ivy@example.com']);
    expect(rows.filter((r) => r.idempotency_key.startsWith('followup:'))).to.have.length(2);

    // Quiet 16:00–23:00 in Berlin: the follow-up due 18:30 Berlin waits until 23:00 Berlin (22:00Z).
    await updateNotificationPreferences(db, clock, host.id, { quietHours: { start: '16:00', end: '23:00' }, preferences: [{ channel: 'email', kind: 'reminder', enabled: true }] });
    const { booking: second } = await invite('2026-11-27T15:00:00Z', 'otto@example.com');
    const hostRows = (await noticeRows(second.id)).filter((r) => r.payload.to === host.email);
    // The 24 h reminder (16:00 Berlin) waits until 23:00 Berlin, still before the meeting; the 1 h
    // reminder (15:00 Berlin) is outside quiet hours; the follow-up (18:30 Berlin) waits until 23:00.
    expect(hostRows.map((r) => new Date(r.next_attempt_at).toISOString())).to.deep.equal(['2026-11-26T22:00:00.000Z', '2026-11-27T14:00:00.000Z', '2026-11-27T22:00:00.000Z']);
  });
});
