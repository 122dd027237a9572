import { expect } from 'chai';
import { HOST_INVITATION_COOLDOWN_MS, purgeHostRefusals } from '../../../core/booking/hostInvitationCooldown.js';
import { emailsQueuedTo, expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/hostInvitationCooldown: whoever turned hosting down is not asked again for a week', () => {
  let w: BookingWorld;
  beforeEach(async () => {
    w = await setUpBookingWorld();
  });

  const names = (people: Array<{ username: string }>) => people.map((p) => p.username);
  const invitationOf = async (userId: string) => (await w.scheduling.listHostInvitations(userId))[0]!;
  const emailsTo = (email: string) => emailsQueuedTo(w.db, email);
  const noticesOf = (userId: string, kind: string) => w.db('inapp_notifications').where({ user_id: userId, kind });
  const pair = () => w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pairing', durationMinutes: 30, kind: 'collective', hosts: ['bob'] });
  const rename = (id: string, hosts: string[]) => w.scheduling.updateEventType(w.users.ada, id, { title: 'Renamed', hosts });

  it('after a decline, naming them again is refused with invitation_cooldown saying from when (ISO) they can be asked; nothing changes and nothing is sent', async () => {
    const made = await pair();
    await w.scheduling.declineHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    w.clock.advance(2 * 86_400_000);
    const refused = await expectCode(rename(made.id, ['bob']), 'invitation_cooldown');
    expect(refused.message).to.equal(
      'bob declined to host this event type at 2026-11-24T10:00:00.000Z and can be invited again from 2026-12-01T10:00:00.000Z. Someone who turned hosting down is not asked again for 7 days. Leave bob out of hosts for now; after that time, name bob in hosts again to send a new invitation.',
    );
    expect(refused.details).to.deep.equal({ users: [{ username: 'bob', reason: 'declined', refusedAt: '2026-11-24T10:00:00.000Z', invitableAt: '2026-12-01T10:00:00.000Z' }] });
    // The whole change is refused: the title too, and no invitation, notice or e-mail.
    const after = await w.scheduling.getEventType(w.users.ada, made.id);
    expect([after.title, names(after.pendingHosts)]).to.deep.equal(['Pairing', []]);
    expect(await w.scheduling.listHostInvitations(w.users.bob)).to.deep.equal([]);
    expect(await noticesOf(w.users.bob, 'event_type.host_invitation')).to.have.length(1);
    expect(await emailsTo('bob@x.org')).to.have.length(1);
  });

  it('holds for exactly 7 days: a millisecond before, still refused; from then on, a new invitation and e-mail go out', async () => {
    const made = await pair();
    await w.scheduling.declineHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    w.clock.advance(HOST_INVITATION_COOLDOWN_MS - 1);
    await expectCode(rename(made.id, ['bob']), 'invitation_cooldown');
    w.clock.advance(1);
    expect(names((await rename(made.id, ['bob'])).pendingHosts)).to.deep.equal(['bob']);
    expect(await emailsTo('bob@x.org')).to.have.length(2);
    expect(await noticesOf(w.users.bob, 'event_type.host_invitation')).to.have.length(2);
  });

  it('leaving after accepting counts as well, from the moment they left', async () => {
    const made = await pair();
    await w.scheduling.acceptHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    w.clock.advance(3 * 86_400_000);
    await w.scheduling.leaveEventType(w.users.bob, made.id);
    const refused = await expectCode(rename(made.id, ['bob']), 'invitation_cooldown');
    expect(refused.message).to.include('bob stopped hosting this event type at 2026-11-27T10:00:00.000Z and can be invited again from 2026-12-04T10:00:00.000Z');
    expect((refused.details.users as Array<{ reason: string }>)[0]!.reason).to.equal('left');
  });

  it('the owner’s notice of a decline or a leave says from when they may ask that person again, in the owner’s zone', async () => {
    // bob (Europe/Berlin) owns it this time; cy declines one event type, ada leaves another a day later.
    await w.scheduling.createEventType(w.users.bob, { slug: 'pair', title: 'Pairing', durationMinutes: 30, kind: 'collective', hosts: ['cy'] });
    const desk = await w.scheduling.createEventType(w.users.bob, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['ada'] });
    await w.scheduling.declineHostInvitation(w.users.cy, (await invitationOf(w.users.cy)).id);
    await w.scheduling.acceptHostInvitation(w.users.ada, (await invitationOf(w.users.ada)).id);
    w.clock.advance(86_400_000 + 30 * 60_000);
    await w.scheduling.leaveEventType(w.users.ada, desk.id);
    const [declined] = await noticesOf(w.users.bob, 'event_type.host_declined');
    expect(declined.body).to.equal('cy is no longer named as a host of pair. You can ask cy to host it again from Tuesday, 1 December 2026, 11:00 (Europe/Berlin). Hosts now: bob.');
    const [left] = await noticesOf(w.users.bob, 'event_type.host_left');
    expect(left.body).to.include('You can ask ada to host it again from Wednesday, 2 December 2026, 11:30 (Europe/Berlin).');
  });

  it('names everyone still held back, and invites nobody, when several are', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['bob', 'cy'] });
    await w.scheduling.declineHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    await w.scheduling.acceptHostInvitation(w.users.cy, (await invitationOf(w.users.cy)).id);
    await w.scheduling.leaveEventType(w.users.cy, made.id);
    const refused = await expectCode(rename(made.id, ['bob', 'cy']), 'invitation_cooldown');
    expect((refused.details.users as Array<{ username: string }>).map((u) => u.username)).to.deep.equal(['bob', 'cy']);
    expect(refused.message).to.match(/^bob declined .*; cy stopped hosting .*Leave them out of hosts for now; after that time, name them in hosts again/);
  });

  it('an owner who took someone off, or withdrew their invitation, may ask them again at once', async () => {
    const made = await pair();
    await w.scheduling.acceptHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    await w.scheduling.updateEventType(w.users.ada, made.id, { hosts: [] });
    expect(names((await rename(made.id, ['bob'])).pendingHosts)).to.deep.equal(['bob']);
    await w.scheduling.updateEventType(w.users.ada, made.id, { hosts: [] });
    expect(names((await rename(made.id, ['bob'])).pendingHosts)).to.deep.equal(['bob']);
    expect(await emailsTo('bob@x.org')).to.have.length(3);
  });

  it('is per event type: someone who declined one may be invited to another of the owner’s', async () => {
    await pair();
    await w.scheduling.declineHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    const desk = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['bob'] });
    expect(names(desk.pendingHosts)).to.deep.equal(['bob']);
  });

  it('keeps a host or an open invitation named again as it is: only a new invitation is held back', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['bob', 'cy'] });
    await w.scheduling.declineHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    const kept = await w.scheduling.updateEventType(w.users.ada, made.id, { title: 'Help desk', hosts: ['cy'] });
    expect([kept.title, names(kept.pendingHosts)]).to.deep.equal(['Help desk', ['cy']]);
  });

  it('purgeHostRefusals drops the records the cool-down no longer needs, and keeps the others', async () => {
    const made = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', hosts: ['bob', 'cy'] });
    await w.scheduling.declineHostInvitation(w.users.bob, (await invitationOf(w.users.bob)).id);
    w.clock.advance(86_400_000);
    await w.scheduling.declineHostInvitation(w.users.cy, (await invitationOf(w.users.cy)).id);
    const weekLater = new Date(w.clock.now().getTime() + HOST_INVITATION_COOLDOWN_MS - 86_400_000);
    expect(await purgeHostRefusals(w.db, weekLater)).to.equal(1);
    expect(await w.db('event_type_host_refusals').pluck('user_id')).to.deep.equal([w.users.cy]);
    // The purge changes nothing anyone sees: bob may be asked, cy not yet.
    w.clock.set(weekLater);
    await expectCode(rename(made.id, ['bob', 'cy']), 'invitation_cooldown');
    expect(names((await rename(made.id, ['bob'])).pendingHosts)).to.deep.equal(['bob']);
  });
});
