import { expect } from 'chai';
import { updateNotificationPreferences } from '../../../core/notify/preferences/service.js';
import type { NotificationKind } from '../../../core/notify/reminders/types.js';
import { emailsQueuedTo, expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/hostInvitations: hosts of a personal event type are asked first', () => {
  let w: BookingWorld;
  beforeEach(async () => {
    w = await setUpBookingWorld();
  });

  const names = (people: Array<{ username: string }>) => people.map((p) => p.username);
  const invitationOf = async (userId: string) => (await w.scheduling.listHostInvitations(userId))[0]!;
  const noticesOf = (userId: string) => w.db('inapp_notifications').where({ user_id: userId }).orderBy('id').select('kind', 'title', 'body');
  const emailsTo = (email: string) => emailsQueuedTo(w.db, email);
  // Wednesday 25 November: ada works 09–17 UTC, bob 09–17 Berlin (08–16 UTC). At 08:00Z only bob works.
  const bobOnly = '2026-11-25T08:00:00Z';
  const both = '2026-11-25T10:00:00Z';
  const slots = (eventType: string) => w.scheduling.listSlots({ user: 'ada', eventType, from: '2026-11-25', to: '2026-11-25', timezone: 'UTC' });
  const book = (eventType: string, start: string) => w.booking.scheduleBooking({ user: 'ada', eventType, start, invitee: invitee() });

  it('a named user is not a host and gets no booking until they accept; then slots and bookings include them (round robin)', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['ada', 'bob'] });
    expect(names(made.hosts)).to.deep.equal(['ada']);
    expect(names(made.pendingHosts)).to.deep.equal(['bob']);
    // The accepted host takes bookings meanwhile; bob is offered nowhere.
    const before = await slots('desk');
    expect(before.awaitingHosts).to.equal(undefined);
    expect(before.slots.flatMap((s) => s.hosts)).to.not.include('bob');
    expect(before.slots.map((s) => s.start)).to.not.include('2026-11-25T08:00:00.000Z');
    await expectCode(book('desk', bobOnly), 'slot_unavailable');
    expect(names((await book('desk', both)).booking.hosts)).to.deep.equal(['ada']);
    expect(await w.db('booking_hosts').where({ user_id: w.users.bob })).to.deep.equal([]);

    const accepted = await w.scheduling.acceptHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    expect(accepted).to.deep.include({ status: 'accepted', eventType: { id: made.id, slug: 'desk', title: 'Desk', kind: 'round_robin', durationMinutes: 30, owner: { username: 'ada', name: 'ADA' } } });
    const after = await w.scheduling.getEventType(w.users.ada, made.id);
    expect([names(after.hosts), names(after.pendingHosts)]).to.deep.equal([['ada', 'bob'], []]);
    expect((await slots('desk')).slots.find((s) => s.start === '2026-11-25T08:00:00.000Z')?.hosts).to.deep.equal(['bob']);
    expect(names((await book('desk', bobOnly)).booking.hosts)).to.deep.equal(['bob']);
    expect(await w.scheduling.listCoHostedEventTypes(w.users.bob)).to.deep.equal([accepted.eventType]);
  });

  it('a collective event type offers no slots and takes no booking while a named host has not accepted', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pair with Bob', durationMinutes: 30, kind: 'collective', hosts: ['bob'], allowsSeries: true });
    // The owner always hosts, though not named.
    expect([names(made.hosts), names(made.pendingHosts)]).to.deep.equal([['ada'], ['bob']]);
    const waiting = await slots('pair');
    expect(waiting).to.include({ awaitingHosts: true, timezone: 'UTC' });
    expect(waiting.slots).to.deep.equal([]);
    const refused = await expectCode(book('pair', both), 'slot_unavailable');
    expect(refused.details).to.deep.equal({ reason: 'hosts_pending', alternatives: [] });
    expect(refused.message).to.match(/not everyone hosting it has accepted/);
    expect((await expectCode(w.booking.scheduleSeries({ user: 'ada', eventType: 'pair', start: both, invitee: invitee(), recurrence: { frequency: 'weekly', count: 2 } }), 'slot_unavailable')).details.reason).to.equal('hosts_pending');
    expect(await w.db('bookings').where({ event_type_id: made.id })).to.deep.equal([]);

    await w.scheduling.acceptHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    const open = await slots('pair');
    expect(open.awaitingHosts).to.equal(undefined);
    // Together: ada from 09:00Z, bob until 16:00Z.
    expect([open.slots[0]!.start, open.slots.at(-1)!.end]).to.deep.equal(['2026-11-25T09:00:00.000Z', '2026-11-25T16:00:00.000Z']);
    expect(open.slots[0]!.hosts).to.deep.equal(['ada', 'bob']);
    expect(names((await book('pair', both)).booking.hosts)).to.deep.equal(['ada', 'bob']);
  });

  it('tells the invited user in the app and by e-mail who asks, for what, and how to answer', async () => {
    await w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pairing', durationMinutes: 45, kind: 'collective', hosts: ['ada', 'bob'] });
    const { id } = await invitationOf(w.users.bob);
    const [notice] = await noticesOf(w.users.bob);
    expect(notice).to.include({ kind: 'event_type.host_invitation', title: 'ADA asks you to host "Pairing"' });
    expect(notice!.body).to.include('collective').and.include(`yava event-types accept ${id}`).and.include(`yava event-types decline ${id}`);
    const [mail, ...more] = await emailsTo('bob@x.org');
    expect(more).to.deep.equal([]);
    expect(mail).to.include({ toName: 'BOB', subject: 'ADA asks you to host "Pairing"' });
    expect(mail.text).to.include('ADA (ada) asks you to host their event type "Pairing" (pair), 45 minutes, a collective meeting');
    expect(mail.text).to.include('Nothing is booked with you unless you accept');
    expect(mail.text).to.include(`/api/event-types/host-invitations/${id}/accept`);
    expect(mail.html).to.include(`yava event-types accept ${id}`);
    // Nobody else heard anything; the owner is not invited.
    expect(await noticesOf(w.users.ada)).to.deep.equal([]);
    expect(await emailsTo('ada@x.org')).to.deep.equal([]);
  });

  it('sends no invitation e-mail to someone who turned e-mail off for host invitations; the in-app notice still comes', async () => {
    await updateNotificationPreferences(w.db, w.clock, w.users.bob, { preferences: [{ channel: 'email', kind: 'host_invitation', enabled: false }] });
    // Other kinds of e-mail turned off do not stop an invitation.
    await updateNotificationPreferences(w.db, w.clock, w.users.cy, { preferences: ['confirmation', 'cancellation', 'reminder', 'follow_up', 'weekly_summary'].map((kind) => ({ channel: 'email' as const, kind: kind as NotificationKind, enabled: false })) });
    await w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pairing', durationMinutes: 45, kind: 'collective', hosts: ['bob', 'cy'] });
    expect(await emailsTo('bob@x.org')).to.deep.equal([]);
    expect((await noticesOf(w.users.bob)).map((n: { kind: string }) => n.kind)).to.deep.equal(['event_type.host_invitation']);
    expect(await emailsTo('cy@x.org')).to.have.length(1);
    // Turned on again, the next invitation is e-mailed.
    await updateNotificationPreferences(w.db, w.clock, w.users.bob, { preferences: [{ channel: 'email', kind: 'host_invitation', enabled: true }] });
    await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['bob'] });
    expect((await emailsTo('bob@x.org')).map((m) => m.subject)).to.deep.equal(['ADA asks you to host "Desk"']);
  });

  it('a decline removes the invitation and tells the owner; the invitation cannot be answered again', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pairing', durationMinutes: 30, kind: 'collective', hosts: ['bob', 'cy'] });
    const { id } = await invitationOf(w.users.bob);
    const declined = await w.scheduling.declineHostInvitation(w.users.bob, id);
    expect(declined).to.include({ id, status: 'declined', reinviteAllowedAt: '2026-12-01T10:00:00.000Z' });
    const after = await w.scheduling.getEventType(w.users.ada, made.id);
    expect([names(after.hosts), names(after.pendingHosts)]).to.deep.equal([['ada'], ['cy']]);
    expect(await noticesOf(w.users.ada)).to.deep.equal([
      { kind: 'event_type.host_declined', title: 'BOB declined to host "Pairing"', body: 'bob is no longer named as a host of pair. You can ask bob to host it again from Tuesday, 1 December 2026, 10:00 (UTC). Hosts now: ada. No times are offered until cy accepts.' },
    ]);
    expect(await w.scheduling.listHostInvitations(w.users.bob)).to.deep.equal([]);
    await expectCode(w.scheduling.acceptHostInvitation(w.users.bob, id), 'not_found');
    await expectCode(w.scheduling.declineHostInvitation(w.users.bob, id), 'not_found');
  });

  it('only the invitee answers their invitation: the owner and others get not_found', async () => {
    await w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pairing', durationMinutes: 30, kind: 'collective', hosts: ['bob'] });
    const { id } = await invitationOf(w.users.bob);
    for (const other of [w.users.ada, w.users.cy]) {
      await expectCode(w.scheduling.acceptHostInvitation(other, id), 'not_found');
      await expectCode(w.scheduling.declineHostInvitation(other, id), 'not_found');
    }
    await expectCode(w.scheduling.acceptHostInvitation(w.users.bob, 'not-an-id'), 'not_found');
    expect((await w.scheduling.listHostInvitations(w.users.bob)).map((i) => i.id)).to.deep.equal([id]);
  });

  it('a PATCH with hosts invites only newly named users and removes the invitation or host row of those left out', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pairing', durationMinutes: 30, kind: 'round_robin', hosts: ['ada', 'bob'] });
    const first = await invitationOf(w.users.bob);
    const both = await w.scheduling.updateEventType(w.users.ada, made.id, { hosts: ['ada', 'bob', 'cy'] });
    expect([names(both.hosts), names(both.pendingHosts)]).to.deep.equal([['ada'], ['bob', 'cy']]);
    expect((await invitationOf(w.users.bob)).id, 'the same invitation, not a new one').to.equal(first.id);
    expect(await emailsTo('bob@x.org')).to.have.length(1);
    expect(await emailsTo('cy@x.org')).to.have.length(1);

    await w.scheduling.acceptHostInvitation(w.users.cy, (await invitationOf(w.users.cy)).id);
    const withoutBob = await w.scheduling.updateEventType(w.users.ada, made.id, { hosts: ['ada', 'cy'] });
    expect([names(withoutBob.hosts), names(withoutBob.pendingHosts)]).to.deep.equal([['ada', 'cy'], []]);
    expect(await w.scheduling.listHostInvitations(w.users.bob)).to.deep.equal([]);
    // Leaving the owner out keeps them: the owner always hosts.
    const alone = await w.scheduling.updateEventType(w.users.ada, made.id, { hosts: ['ada'] });
    expect([names(alone.hosts), names(alone.pendingHosts)]).to.deep.equal([['ada'], []]);
    // Cy had accepted: taken off, they are told; Bob, only invited, just loses the invitation.
    const removed = (await noticesOf(w.users.cy)).filter((n: { kind: string }) => n.kind === 'event_type.host_removed');
    expect(removed.map((n: { title: string }) => n.title)).to.deep.equal(['You no longer host "Pairing"']);
    expect(removed[0].body).to.include('ADA (ada) took you off the hosts of pair').and.include('Meetings already booked with you stay');
    expect((await noticesOf(w.users.bob)).map((n: { kind: string }) => n.kind)).not.to.include('event_type.host_removed');
    expect(names((await w.scheduling.updateEventType(w.users.ada, made.id, { hosts: ['cy'] })).hosts)).to.deep.equal(['ada']);
    await expectCode(w.scheduling.updateEventType(w.users.ada, made.id, { hosts: ['ada', 'nobody'] }), 'user_not_found');
  });

  it('a one_on_one event type is hosted by its owner alone: naming someone else is refused, nobody is invited', async () => {
    const refused = await expectCode(w.scheduling.createEventType(w.users.ada, { slug: 'one', title: 'One', durationMinutes: 30, hosts: ['bob'] }), 'validation_failed');
    expect(refused.errors[0]).to.deep.include({ field: 'hosts' });
    expect(refused.errors[0]!.message).to.match(/collective or round_robin/);
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'rr', title: 'RR', durationMinutes: 30, kind: 'round_robin', hosts: ['bob'] });
    await expectCode(w.scheduling.updateEventType(w.users.ada, made.id, { kind: 'one_on_one' }), 'validation_failed');
    expect(await w.scheduling.listHostInvitations(w.users.bob)).to.have.length(1);
    expect(await w.db('event_type_host_invitations').join('event_types as e', 'e.id', 'event_type_id').where('e.slug', 'one')).to.deep.equal([]);
  });

  it('a host who accepted may leave, which tells the owner; the owner cannot leave their own event type', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['bob'] });
    await expectCode(w.scheduling.leaveEventType(w.users.bob, made.id), 'event_type_not_found');
    await w.scheduling.acceptHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    w.clock.advance(3_600_000);
    const left = await w.scheduling.leaveEventType(w.users.bob, made.id);
    expect(left).to.deep.include({ reinviteAllowedAt: '2026-12-01T11:00:00.000Z' });
    expect(left.eventType).to.include({ id: made.id, slug: 'desk' });
    expect(names((await w.scheduling.getEventType(w.users.ada, made.id)).hosts)).to.deep.equal(['ada']);
    expect(await w.scheduling.listCoHostedEventTypes(w.users.bob)).to.deep.equal([]);
    expect((await noticesOf(w.users.ada)).map((n) => [n.kind, n.title])).to.deep.equal([
      ['event_type.host_accepted', 'BOB accepted to host "Desk"'],
      ['event_type.host_left', 'BOB no longer hosts "Desk"'],
    ]);
    await expectCode(w.scheduling.leaveEventType(w.users.bob, made.id), 'event_type_not_found');
    await expectCode(w.scheduling.leaveEventType(w.users.cy, made.id), 'event_type_not_found');
    await expectCode(w.scheduling.leaveEventType(w.users.ada, made.id), 'conflict');
  });

  it('an archived event type drops out of the invitations, which can no longer be accepted', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['bob'] });
    const { id } = await invitationOf(w.users.bob);
    await w.scheduling.deleteEventType(w.users.ada, made.id);
    expect(await w.scheduling.listHostInvitations(w.users.bob)).to.deep.equal([]);
    await expectCode(w.scheduling.acceptHostInvitation(w.users.bob, id), 'not_found');
    expect(await w.db('event_type_hosts').where({ user_id: w.users.bob })).to.deep.equal([]);
  });

  it('team event types are unchanged: a member in a role that takes bookings hosts at once, nobody is invited', async () => {
    await w.scheduling.createTeam(w.users.ada, { slug: 'crew', name: 'Crew', members: [{ username: 'bob' }] });
    const team = await w.scheduling.createEventType(w.users.ada, { slug: 'help', title: 'Help', durationMinutes: 30, kind: 'collective', teamSlug: 'crew', hosts: ['ada', 'bob'] });
    expect([names(team.hosts), names(team.pendingHosts)]).to.deep.equal([['ada', 'bob'], []]);
    const list = await w.scheduling.listSlots({ team: 'crew', eventType: 'help', from: '2026-11-25', to: '2026-11-25', timezone: 'UTC' });
    expect(list.slots[0]!.hosts).to.deep.equal(['ada', 'bob']);
    expect(await w.scheduling.listHostInvitations(w.users.bob)).to.deep.equal([]);
    expect(await noticesOf(w.users.bob)).to.deep.equal([]);
    await expectCode(w.scheduling.createEventType(w.users.ada, { slug: 'x', title: 'X', durationMinutes: 30, kind: 'collective', teamSlug: 'crew', hosts: ['cy'] }), 'validation_failed');
  });
});
