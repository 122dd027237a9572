import { expect } from 'chai';
import type { Knex } from 'knex';
import { createFixedClock } from '../../../core/clock.js';
import { createBookingService, createSchedulingService } from '../../../core/booking/index.js';
import { DomainError } from '../../../core/errors.js';
import { TEAM_ACTIONS, TEAM_POLICY, TEAM_ROLES, can, type TeamAction, type TeamRole } from '../../../core/teams/policy.js';
import { resetTestDb } from '../../helpers/db.js';

/**
 * Every team role × action through the real use case that acts (not the table alone): each
 * pair is its own test, allowed or refused as the policy says, and an outsider is refused all.
 */
describe('core/teams/policy: role × action', () => {
  let db: Knex;
  let scheduling: ReturnType<typeof createSchedulingService>;
  let booking: ReturnType<typeof createBookingService>;
  const ids: Record<string, string> = {};
  let n = 0;

  before(async function () {
    // The first suite of a targeted run pays for starting and migrating the embedded database.
    this.timeout(120_000);
    db = (await resetTestDb()).knex;
    const clock = createFixedClock('2026-11-24T10:00:00Z');
    scheduling = createSchedulingService({ db, clock });
    booking = createBookingService({ db, clock });
    for (const name of ['boss', 'hana', 'gus', 'olga', 'extra', 'hal']) {
      const [row] = await db('users').insert({ email: `${name}@x.org`, username: name, name, password_hash: 'x', timezone: 'UTC' }).returning('id');
      ids[name] = row.id;
    }
    await scheduling.createTeam(ids.boss!, { slug: 'ops', name: 'Ops', members: [{ username: 'hana', role: 'host' }, { username: 'gus', role: 'guest' }, { username: 'hal', role: 'host' }] });
    await scheduling.createEventType(ids.boss!, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin', teamSlug: 'ops', hosts: ['boss', 'hana', 'hal'], isPublic: false });
  });

  const actorOf: Record<TeamRole | 'outsider', string> = { admin: 'boss', host: 'hana', guest: 'gus', outsider: 'olga' };

  /** Books a fresh slot of the team's event type (as the admin), hosted by hal. */
  async function halsBooking(): Promise<string> {
    n++;
    const start = new Date(Date.parse('2026-12-01T09:00:00Z') + n * 30 * 60_000).toISOString();
    const made = await scheduling.listSlots({ team: 'ops', eventType: 'desk', viewerUserId: ids.boss, from: '2026-12-01', to: '2026-12-01', timezone: 'UTC' });
    expect(made.slots.length).to.be.greaterThan(0);
    await db('team_members').where({ user_id: ids.hana }).update({ priority: -1 });
    await db('team_members').where({ user_id: ids.boss }).update({ priority: -1 });
    const result = await booking.scheduleBooking({ team: 'ops', eventType: 'desk', start, createdByUserId: ids.boss, invitee: { name: 'I', email: `i${n}@x.org`, timezone: 'UTC' } });
    expect(result.booking.hosts.map((h) => h.username)).to.deep.equal(['hal']);
    return result.booking.id;
  }

  /** The real operation behind each action, done by `user`. */
  const attempts: Record<TeamAction, (user: string) => Promise<unknown>> = {
    view_team: (user) => scheduling.getTeam(ids[user]!, 'ops'),
    view_schedule: (user) => scheduling.getTeamSchedule(ids[user]!, 'ops', { from: '2026-12-02', to: '2026-12-02', timezone: 'UTC' }),
    book_for_team: (user) => {
      n++;
      return booking.scheduleBooking({ team: 'ops', eventType: 'desk', start: `2026-12-03T${String(9 + (n % 8)).padStart(2, '0')}:00:00Z`, createdByUserId: ids[user], invitee: { name: 'I', email: `b${n}@x.org`, timezone: 'UTC' } });
    },
    // Whether the user can be made a host of the team's event types (done by the admin).
    take_bookings: async (user) => {
      const et = (await scheduling.listEventTypes(ids.boss!)).find((e) => e.slug === 'desk')!;
      return scheduling.updateEventType(ids.boss!, et.id, { hosts: ['hal', user] });
    },
    manage_members: (user) => scheduling.updateTeamMember(ids[user]!, 'ops', 'hal', { weight: 150 }),
    manage_event_types: async (user) => {
      n++;
      return scheduling.createEventType(ids[user]!, { slug: `et-${n}`, title: 'T', durationMinutes: 30, teamSlug: 'ops', hosts: ['hal'] });
    },
    manage_bookings: async (user) => booking.cancelBooking(await halsBooking(), { reason: 'rbac' }, { userId: ids[user] }),
  };

  /** How a refusal reads: the actor lacks the right (forbidden), or the member named cannot host (validation_failed). */
  const refusal = (action: TeamAction) => (action === 'take_bookings' ? 'validation_failed' : 'forbidden');

  it('the policy table names every role for every action, and nothing else', () => {
    for (const action of TEAM_ACTIONS) for (const role of TEAM_POLICY[action]) expect(TEAM_ROLES).to.include(role);
    expect(can(null, 'view_team')).to.equal(false);
  });

  for (const action of TEAM_ACTIONS) {
    describe(action, () => {
      for (const role of TEAM_ROLES) {
        const allowed = TEAM_POLICY[action].includes(role);
        it(`${role}: ${allowed ? 'allowed' : `refused (${refusal(action)})`}`, async () => {
          const attempt = attempts[action](actorOf[role]);
          if (allowed) {
            await attempt;
          } else {
            const error = await attempt.then(() => null, (e: unknown) => e);
            expect(error, `${role} ${action} should be refused`).to.be.instanceOf(DomainError);
            expect((error as DomainError).code).to.equal(refusal(action));
          }
        });
      }
      it('outsider: refused (the team is not revealed)', async () => {
        const error = await attempts[action]('olga').then(() => null, (e: unknown) => e);
        expect(error).to.be.instanceOf(DomainError);
        const expected: Record<TeamAction, string> = {
          view_team: 'team_not_found', view_schedule: 'team_not_found', book_for_team: 'event_type_not_found', take_bookings: 'validation_failed',
          manage_members: 'team_not_found', manage_event_types: 'team_not_found', manage_bookings: 'booking_not_found',
        };
        expect((error as DomainError).code).to.equal(expected[action]);
      });
    });
  }
});
