/**
 * Booking a team's event type that is not public: only the team's members whose role may
 * `book_for_team` (core/teams/policy.ts) book it, on the team's behalf.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { requireTeamPermission, teamRoleOf } from '../teams/policy.js';
import type { EventTypeRow } from './records.js';

/**
 * Throws event_type_not_found when a non-public team event type is booked by someone outside
 * the team (or anonymously), forbidden when their role may not book for the team.
 */
export async function requireTeamBooker(db: Knex, eventType: EventTypeRow, userId: string | null): Promise<void> {
  if (eventType.is_public || !eventType.team_id) return;
  if (!userId || !(await teamRoleOf(db, eventType.team_id, userId))) throw new DomainError('event_type_not_found', `No event type "${eventType.slug}"`, { details: { eventType: eventType.slug } });
  const team = (await db('teams').where({ id: eventType.team_id }).first('id', 'slug')) as { id: string; slug: string };
  await requireTeamPermission(db, team, userId, 'book_for_team');
}

/** Whether the viewer may see a non-public team event type's slots (the same rule as booking it). */
export async function canBookForTeam(db: Knex, eventType: EventTypeRow, userId: string | undefined): Promise<boolean> {
  if (!eventType.team_id || !userId) return false;
  try {
    await requireTeamBooker(db, eventType, userId);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}
