import { expect } from 'chai';
import ICAL from 'ical.js';
import { createFixedClock } from '../../../core/clock.js';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb } from '../../helpers/db.js';
import { createEventType, createHost } from '../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../helpers/server.js';
import { emailsTo } from '../../api/routes/calendars/helpers.js';

/**
 * One meeting of a weekly series given to another host. Everyone's calendar holds the series as
 * one recurring event, so the invites must change that occurrence only: a CANCEL of the series'
 * UID at its RECURRENCE-ID for the former host (a CANCEL of the occurrence's own UID matched
 * nothing in their calendar and left it there), and the occurrence alone for everyone else (a
 * whole-series invite put every other week into the new host's calendar).
 */
describe('a reassigned occurrence of a series changes that occurrence in every calendar', () => {
  let server: RunningServer;
  let call: ApiCall;
  type Host = Awaited<ReturnType<typeof createHost>>;
  let boss: Host;
  const guest = { name: 'Gus Guest', email: 'gus@example.org', timezone: 'Europe/Paris' };
  const events = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');

  before(async function () {
    this.timeout(60_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-24T10:00:00Z') });
    call = apiClient(server.url);
    boss = await createHost(call, 'ro-boss');
    await createHost(call, 'ro-ann');
    await createHost(call, 'ro-ben');
    const team = await call('POST', '/api/teams', { token: boss.token, body: { slug: 'ro', name: 'RO', members: [{ username: 'ro-ann', priority: 5 }, { username: 'ro-ben' }] } });
    expect(team.status, team.text).to.equal(201);
    await createEventType(call, boss.token, { slug: 'weekly', title: 'Weekly', teamSlug: 'ro', kind: 'one_on_one', hosts: ['ro-ann'], allowsSeries: true, seriesMaxOccurrences: 6 });
  });
  after(() => server?.close());

  it('sends the former host a CANCEL of that occurrence (series UID, RECURRENCE-ID), and the others that occurrence alone', async () => {
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'ro', eventType: 'weekly', start: '2026-11-26T10:00:00Z', invitee: guest, recurrence: { frequency: 'weekly', count: 3 } } });
    expect(made.status, made.text).to.equal(201);
    const meetings = made.body.meetings as Array<{ id: string; start: string; hosts: Array<{ username: string }> }>;
    expect(meetings.map((m) => m.hosts.map((h) => h.username))).to.deep.equal([['ro-ann'], ['ro-ann'], ['ro-ann']]);
    const second = meetings[1]!;
    const [invite] = (await emailsTo(server, 'ro-ann@example.com', 'series:')) as unknown as Array<{ ics: string }>;
    const seriesUid = events(invite!.ics)[0]!.getFirstPropertyValue('uid');
    expect(events(invite!.ics)[0]!.getFirstPropertyValue('rrule'), 'the host holds the series as one recurring event').not.to.equal(null);

    const res = await call('POST', `/api/meetings/${second.id}/assign`, { token: boss.token, body: { username: 'ro-ben', reason: 'Ann is away that week' } });
    expect(res.status, res.text).to.equal(200);
    const key = `email:${second.id}:reassigned:`;

    const [toAnn] = (await emailsTo(server, 'ro-ann@example.com', key)) as unknown as Array<{ ics: string; icsMethod: string }>;
    expect(toAnn).to.include({ icsMethod: 'CANCEL' });
    const [cancel, ...moreCancels] = events(toAnn!.ics);
    expect(moreCancels).to.have.length(0);
    expect(cancel!.getFirstPropertyValue('uid')).to.equal(seriesUid);
    expect(cancel!.getFirstPropertyValue('rrule')).to.equal(null);
    expect((cancel!.getFirstPropertyValue('recurrence-id') as ICAL.Time).toJSDate().toISOString()).to.equal(second.start);
    expect(cancel!.getFirstPropertyValue('status')).to.equal('CANCELLED');

    for (const to of ['ro-ben@example.com', guest.email]) {
      const [mail] = (await emailsTo(server, to, key)) as unknown as Array<{ ics: string; icsMethod: string }>;
      expect(mail, to).to.include({ icsMethod: 'REQUEST' });
      const [only, ...more] = events(mail!.ics);
      expect(more, `${to}: that occurrence alone`).to.have.length(0);
      expect(only!.getFirstPropertyValue('uid')).to.equal(seriesUid);
      expect(only!.getFirstPropertyValue('rrule'), `${to}: no rule, so no other week is added`).to.equal(null);
      expect((only!.getFirstPropertyValue('recurrence-id') as ICAL.Time).toJSDate().toISOString()).to.equal(second.start);
      expect(String(only!.getFirstPropertyValue('organizer'))).to.equal('mailto:ro-ben@example.com');
    }
  });
});
