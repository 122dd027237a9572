import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { resetTestDb } from '../../../helpers/db.js';
import { invitee } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { bookIntro, consentFlow, deliverOutbox, emailsTo, startCalendarServer, thenSync } from '../calendars/helpers.js';

const PRIMARY = 'ada@gmail.com';
/** The confirm page's form as the browser would post it: its hidden fields, with the CSRF cookie it set. */
function confirmForm(page: string, setCookie: string): { headers: Record<string, string>; body: string } {
  const fields = [...page.matchAll(/<input type="hidden" name="([\w]+)" value="([^"]*)">/g)].map((m): [string, string] => [m[1]!, m[2]!]);
  return { headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: setCookie.split(';')[0]! }, body: new URLSearchParams(fields).toString() };
}

const at = (iso: string) => ({ dateTime: iso, timeZone: 'Europe/Berlin' });

describe('conflict repair (/repairs/:id/accept, through the Google Calendar fake)', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-30T08:00:00Z');

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    google = await startGoogleFake();
    google.addCalendar(PRIMARY, 'Ada', { primary: true, timeZone: 'Europe/Berlin' });
    const started = await startCalendarServer(clock, {
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_AUTH_URL: `${google.url}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_URL: `${google.url}/`,
      GOOGLE_API_URL: `${google.url}/`,
    });
    ({ server, call } = started);
    expect((await consentFlow(call, started.host.token, 'google')).status).to.equal(200);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });

  it('an outside event over a booking e-mails the invitee three alternatives; accepting one reschedules the booking exactly once', async () => {
    const booking = await bookIntro(call, '2026-12-02T10:00:00Z');
    await deliverOutbox(server);
    const before = await server.deps.db('bookings').where({ id: booking.id }).first('sequence');
    google.putEvent(PRIMARY, { summary: 'Board meeting', start: at('2026-12-02T11:00:00+01:00'), end: at('2026-12-02T12:00:00+01:00') });
    expect(await thenSync(server, google.push(PRIMARY))).to.deep.equal([204]);
    const [mail, ...more] = await emailsTo(server, invitee().email, 'repair-proposal:');
    expect(more).to.have.length(0);
    expect(mail!.subject).to.equal('"Intro" needs a new time: pick one of 3');
    const links = [...mail!.text.matchAll(/http:\/\/127\.0\.0\.1:\d+\/repairs\/[0-9a-f-]+\/accept\?choice=\d&sig=[\w-]+/g)].map((m) => m[0]);
    expect(links).to.have.length(3);
    const proposal = await server.deps.db('repair_proposals').where({ booking_id: booking.id }).first();
    const alternatives = typeof proposal.alternatives === 'string' ? JSON.parse(proposal.alternatives) : proposal.alternatives;
    for (const a of alternatives) {
      expect(a.start).to.not.equal('2026-12-02T10:00:00.000Z');
      expect(new Date(a.start).getUTCHours()).to.be.within(9, 16);
    }
    // Opening the link (or a mail scanner pre-fetching it) only shows what would change.
    const outboxBefore = await server.deps.db('outbox').count<{ count: string }[]>('* as count');
    const shown = await fetch(links[1]!);
    expect(shown.status).to.equal(200);
    expect(shown.headers.get('x-robots-tag')).to.equal('noindex, nofollow');
    expect(shown.headers.get('content-security-policy')).to.contain("default-src 'none'");
    const confirm = await shown.text();
    expect(confirm).to.contain('Move "Intro"?').and.contain('<meta name="robots" content="noindex, nofollow">');
    // Both times in the invitee's zone (Europe/Paris): the one-hour booking at 10:00 UTC is 11:00 there.
    expect(confirm).to.contain('Wednesday 2 December 2026, 11:00–12:00 (Europe/Paris)').and.contain('Confirm the new time');
    const newStart = DateTime.fromISO(alternatives[1].start, { zone: 'Europe/Paris' }).toFormat('cccc d LLLL yyyy, HH:mm');
    expect(confirm).to.contain(`${newStart}–`);
    const unchanged = await server.deps.db('bookings').where({ id: booking.id }).first('start_at', 'sequence');
    expect(new Date(unchanged.start_at).toISOString()).to.equal('2026-12-02T10:00:00.000Z');
    expect(unchanged.sequence).to.equal(before.sequence);
    expect(await server.deps.db('outbox').count<{ count: string }[]>('* as count')).to.deep.equal(outboxBefore);
    expect((await server.deps.db('repair_proposals').where({ id: proposal.id }).first('status')).status).to.equal('open');
    // The confirm button clicked twice at once, then again: one reschedule.
    const form = confirmForm(confirm, shown.headers.get('set-cookie')!);
    const post = () => fetch(links[1]!.split('?')[0]!, { method: 'POST', headers: form.headers, body: form.body, redirect: 'manual' });
    const clicks = await Promise.all([post(), post()]);
    const again = await post();
    for (const res of [...clicks, again]) expect(res.status).to.equal(200);
    const pages = await Promise.all([...clicks, again].map((r) => r.text()));
    expect(pages.filter((p) => p.includes('Done:'))).to.have.length(1);
    expect(pages.filter((p) => p.includes('Already done:'))).to.have.length(2);
    expect(await (await fetch(links[1]!)).text()).to.contain('Already done: you chose this time before.');
    const after = await server.deps.db('bookings').where({ id: booking.id }).first('start_at', 'sequence', 'status');
    expect(new Date(after.start_at).toISOString()).to.equal(alternatives[1].start);
    expect(after.sequence).to.equal(before.sequence + 1);
    expect(after.status).to.equal('scheduled');
    const moves = await server.deps.db('booking_status_history').where({ booking_id: booking.id }).whereRaw("details->>'rescheduledTo' IS NOT NULL");
    expect(moves).to.have.length(1);
    expect(await emailsTo(server, invitee().email, `email:${booking.id}:rescheduled`)).to.have.length(1);
    // Another choice after that, or a forged signature, changes nothing.
    expect(await (await fetch(links[0]!)).text()).to.contain('Another time was already chosen');
    const other = confirmForm(confirm.replace(/name="choice" value="\d"/, 'name="choice" value="0"').replace(/name="sig" value="[\w-]+"/, `name="sig" value="${new URL(links[0]!).searchParams.get('sig')}"`), shown.headers.get('set-cookie')!);
    expect((await fetch(links[0]!.split('?')[0]!, { method: 'POST', headers: other.headers, body: other.body })).status).to.equal(409);
    expect((await fetch(links[2]!.replace(/sig=[\w-]+/, 'sig=forged-signature-xx'))).status).to.equal(403);
    const forged = confirmForm(confirm.replace(/name="sig" value="[\w-]+"/, 'name="sig" value="forged-signature-xx"'), shown.headers.get('set-cookie')!);
    expect((await fetch(links[1]!.split('?')[0]!, { method: 'POST', headers: forged.headers, body: forged.body })).status).to.equal(403);
    expect(new Date((await server.deps.db('bookings').where({ id: booking.id }).first('start_at')).start_at).toISOString()).to.equal(alternatives[1].start);
  });
});
