import { expect } from 'chai';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/teams', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('creates a team with the caller as admin and shows it to members only', async () => {
    const team = await w.scheduling.createTeam(w.users.ada, { slug: 'Sales', name: 'Sales', members: [{ username: 'bob', priority: 2, weight: 50 }] });
    expect(team).to.include({ slug: 'sales', name: 'Sales' });
    expect(team.members).to.deep.equal([
      { userId: w.users.ada, username: 'ada', name: 'ADA', role: 'admin', priority: 0, weight: 100 },
      { userId: w.users.bob, username: 'bob', name: 'BOB', role: 'host', priority: 2, weight: 50 },
    ]);
    expect((await w.scheduling.getTeam(w.users.bob, 'sales')).id).to.equal(team.id);
    await expectCode(w.scheduling.getTeam(w.users.cy, 'sales'), 'team_not_found');
    expect((await w.scheduling.listTeams(w.users.bob)).map((t) => t.slug)).to.deep.equal(['sales']);
    expect(await w.scheduling.listTeams(w.users.cy)).to.deep.equal([]);
  });

  it('refuses a taken slug and unknown members', async () => {
    await expectCode(w.scheduling.createTeam(w.users.cy, { slug: 'sales', name: 'Other', members: [] }), 'slug_taken');
    await expectCode(w.scheduling.createTeam(w.users.cy, { slug: 'ghosts', name: 'Ghosts', members: [{ username: 'casper' }] }), 'user_not_found');
  });
});
