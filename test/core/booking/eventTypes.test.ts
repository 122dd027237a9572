import { expect } from 'chai';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/eventTypes', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
    await w.scheduling.createTeam(w.users.bob, { slug: 'crew', name: 'Crew', members: [{ username: 'cy' }] });
  });

  it('creates a personal event type with defaults, lower-casing the slug', async () => {
    const made = await w.scheduling.createEventType(w.users.bob, { slug: 'Chat', title: 'Chat', durationMinutes: 20 });
    expect(made).to.include({ slug: 'chat', kind: 'one_on_one', owner: 'bob', team: null, bufferBeforeMinutes: 0, requiresApproval: false, isPublic: true });
    expect(made.hosts.map((h) => h.username)).to.deep.equal(['bob']);
    await expectCode(w.scheduling.createEventType(w.users.bob, { slug: 'chat', title: 'Again', durationMinutes: 20 }), 'slug_taken');
    expect((await expectCode(w.scheduling.createEventType(w.users.bob, { slug: 'no spaces', title: 'x', durationMinutes: 20 }), 'validation_failed')).errors[0]!.field).to.equal('slug');
  });

  it("creates a team event type hosted by every member, listed for members and managed by admins", async () => {
    await expectCode(w.scheduling.createEventType(w.users.cy, { slug: 'standup', title: 'Standup', durationMinutes: 15, teamSlug: 'crew' }), 'forbidden');
    const team = await w.scheduling.createEventType(w.users.bob, { slug: 'standup', title: 'Standup', durationMinutes: 15, kind: 'collective', teamSlug: 'crew' });
    expect(team).to.include({ team: 'crew', owner: null, kind: 'collective' });
    expect(team.hosts.map((h) => h.username)).to.deep.equal(['bob', 'cy']);
    expect((await w.scheduling.listEventTypes(w.users.bob)).map((e) => e.slug)).to.include.members(['chat', 'standup']);
    expect((await w.scheduling.listEventTypes(w.users.ada)).map((e) => e.slug)).to.deep.equal(['intro']);
    await expectCode(w.scheduling.createEventType(w.users.ada, { slug: 'sneak', title: 'x', durationMinutes: 15, teamSlug: 'crew' }), 'team_not_found');
    await expectCode(w.scheduling.getEventType(w.users.ada, team.id), 'event_type_not_found');
  });

  it('refuses series on a group or round-robin event type, which cannot be booked as one', async () => {
    const refused = await expectCode(w.scheduling.createEventType(w.users.bob, { slug: 'class', title: 'Class', durationMinutes: 60, kind: 'group', seats: 5, allowsSeries: true }), 'validation_failed');
    expect(refused.errors[0]!.field).to.equal('allowsSeries');
    const group = await w.scheduling.createEventType(w.users.bob, { slug: 'class', title: 'Class', durationMinutes: 60, kind: 'group', seats: 5 });
    expect((await expectCode(w.scheduling.updateEventType(w.users.bob, group.id, { allowsSeries: true }), 'validation_failed')).errors[0]!.field).to.equal('allowsSeries');
    const weekly = await w.scheduling.createEventType(w.users.bob, { slug: 'weekly', title: 'Weekly', durationMinutes: 30, allowsSeries: true });
    expect((await expectCode(w.scheduling.updateEventType(w.users.bob, weekly.id, { kind: 'group', seats: 3 }), 'validation_failed')).errors[0]!.field).to.equal('allowsSeries');
    expect(await w.scheduling.updateEventType(w.users.bob, weekly.id, { kind: 'group', seats: 3, allowsSeries: false })).to.include({ kind: 'group', allowsSeries: false });
  });

  it('updates fields and hosts (others named are invited), keeping one host for one_on_one', async () => {
    const made = await w.scheduling.createEventType(w.users.bob, { slug: 'pair', title: 'Pair', durationMinutes: 30 });
    const updated = await w.scheduling.updateEventType(w.users.bob, made.id, { title: 'Pairing', bufferAfterMinutes: 5, kind: 'collective', hosts: ['bob', 'cy'] });
    expect(updated).to.include({ title: 'Pairing', bufferAfterMinutes: 5, kind: 'collective' });
    expect(updated.hosts.map((h) => h.username)).to.deep.equal(['bob']);
    expect(updated.pendingHosts.map((h) => h.username)).to.deep.equal(['cy']);
    expect((await expectCode(w.scheduling.updateEventType(w.users.bob, made.id, { kind: 'one_on_one' }), 'validation_failed')).errors[0]!.field).to.equal('hosts');
    const [invitation] = await w.scheduling.listHostInvitations(w.users.cy);
    await w.scheduling.acceptHostInvitation(w.users.cy, invitation!.id);
    expect((await w.scheduling.getEventType(w.users.bob, made.id)).hosts.map((h) => h.username)).to.deep.equal(['bob', 'cy']);
    expect((await expectCode(w.scheduling.updateEventType(w.users.bob, made.id, { kind: 'one_on_one' }), 'validation_failed')).errors[0]!.field).to.equal('hosts');
  });

  it('archives on delete: gone from lists and lookups', async () => {
    const made = await w.scheduling.createEventType(w.users.bob, { slug: 'temp', title: 'Temp', durationMinutes: 30 });
    await w.scheduling.deleteEventType(w.users.bob, made.id);
    expect((await w.scheduling.listEventTypes(w.users.bob)).map((e) => e.slug)).to.not.include('temp');
    await expectCode(w.scheduling.findEventType({ user: 'bob' }, 'temp'), 'event_type_not_found');
    await expectCode(w.scheduling.deleteEventType(w.users.bob, made.id), 'event_type_not_found');
  });
});
