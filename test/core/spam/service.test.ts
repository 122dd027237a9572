import { expect } from 'chai';
import type { Knex } from 'knex';
import { createBookingService, createSchedulingService } from '../../../core/booking/index.js';
import { createFixedClock } from '../../../core/clock.js';
import { createSpamService, type SpamConfig } from '../../../core/spam/service.js';
import { resetTestDb } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';

const config: SpamConfig = {
  SPAM_CHECK: true,
  SPAM_MX_CHECK: true,
  SPAM_BURST_WINDOW_SECONDS: 60,
  SPAM_BURST_PER_ADDRESS: 10,
  SPAM_BURST_PER_NETWORK: 30,
  SPAM_BURST_PER_EMAIL: 5,
  SPAM_MIN_FORM_SECONDS: 3,
  SPAM_NO_SHOW_LIMIT: 2,
  SPAM_BAN_MINUTES: 60,
  SPAM_CHALLENGE_MINUTES: 30,
  publicUrl: 'http://yava.test',
  OUTBOX_MAX_ATTEMPTS: 3,
};

describe('core/spam service (MX check, repeated no-shows, network bursts)', () => {
  let db: Knex;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const lookedUp: string[] = [];
  let spam: ReturnType<typeof createSpamService>;
  let host: Awaited<ReturnType<typeof insertUser>>;
  const attempt = (email: string, address = '192.0.2.10') => spam.screen({ pending: { kind: 'booking', input: { user: host.username, eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Guest', email, timezone: 'UTC' } } }, address, source: 'api' });
  const reasons = async (email: string) => (await spam.listDecisions({ email })).decisions[0]!.reasons.map((r) => r.code);

  before(async function () {
    this.timeout(120_000);
    db = (await resetTestDb()).knex;
    host = await insertUser(db, { name: 'Hela' });
    await createSchedulingService({ db, clock }).createEventType(host.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    const booking = createBookingService({ db, clock });
    // MX: example.org has a mail server, nomail.example none, slow.example does not answer.
    const resolveMx = async (domain: string) => {
      lookedUp.push(domain);
      return domain === 'nomail.example' ? false : domain === 'slow.example' ? null : true;
    };
    spam = createSpamService({ db, clock, config, booking, resolveMx });
  });

  it('with SPAM_MX_CHECK blocks a domain without a mail server, never one DNS did not answer for', async () => {
    expect((await attempt('a@example.org')).decision).to.equal('allow');
    const refused = await attempt('b@nomail.example').catch((e: { code: string }) => e);
    expect(refused).to.include({ code: 'booking_refused' });
    expect(await reasons('b@nomail.example')).to.deep.equal(['no_mx_record']);
    expect((await attempt('c@slow.example')).decision).to.equal('allow');
    expect(lookedUp).to.deep.equal(['example.org', 'nomail.example', 'slow.example']);
  });

  it('challenges an e-mail with two earlier no-shows', async () => {
    const [b1, b2] = [1, 2].map(() => crypto.randomUUID());
    for (const [i, id] of [b1!, b2!].entries()) {
      await db('bookings').insert({ id, title: 'Intro', start_at: `2026-11-1${i}T09:00:00Z`, end_at: `2026-11-1${i}T09:30:00Z`, status: 'no_show', ical_uid: `${id}@t` });
      await db('booking_attendees').insert({ booking_id: id, name: 'Nat', email: 'nat@example.org', manage_token_hash: id });
    }
    expect((await attempt('nat@example.org', '192.0.2.20')).decision).to.equal('challenge');
    expect(await reasons('nat@example.org')).to.deep.equal(['repeated_no_shows']);
  });

  it('blocks the 31st attempt from one /24 spread over many addresses, and bans the network', async () => {
    const results: string[] = [];
    for (let i = 1; i <= 31; i++) results.push(await attempt(`n${i}@example.org`, `198.51.100.${i}`).then((r) => r.decision, (e: { code: string }) => e.code));
    expect(results.slice(0, 30).every((r) => r === 'allow')).to.equal(true);
    expect(results[30]).to.equal('booking_refused');
    expect(await reasons('n31@example.org')).to.deep.equal(['burst_network']);
    expect((await spam.listGlobalBlocks()).map((b) => b.value)).to.include('198.51.100.0/24');
  });
});
