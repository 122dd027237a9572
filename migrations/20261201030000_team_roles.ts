import type { Knex } from 'knex';

// Team roles become admin, host and guest (issue #12). Existing memberships keep their powers:
// an owner or admin becomes an admin (manages members, event types and bookings), a member
// becomes a host (takes bookings). Guests are new: they see the schedule and book for the team.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE team_members DROP CONSTRAINT team_members_role_check');
  await knex('team_members').whereIn('role', ['owner', 'admin']).update({ role: 'admin' });
  await knex('team_members').where({ role: 'member' }).update({ role: 'host' });
  await knex.raw("ALTER TABLE team_members ALTER COLUMN role SET DEFAULT 'host'");
  await knex.raw("ALTER TABLE team_members ADD CONSTRAINT team_members_role_check CHECK (role IN ('admin', 'host', 'guest'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE team_members DROP CONSTRAINT team_members_role_check');
  await knex('team_members').whereIn('role', ['host', 'guest']).update({ role: 'member' });
  await knex.raw("ALTER TABLE team_members ALTER COLUMN role SET DEFAULT 'member'");
  await knex.raw("ALTER TABLE team_members ADD CONSTRAINT team_members_role_check CHECK (role IN ('owner', 'admin', 'member'))");
}
