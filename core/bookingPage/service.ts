/**
 * Reads the public booking page needs beyond the scheduling and booking services: a
 * user's public event types, and which event type (by owner and slug) a meeting was
 * booked through, so its invitee can pick a new slot from the same page.
 */
import type { Knex } from 'knex';
import { presentEventTypes, requireUserByUsername, type EventTypeRow } from '../booking/records.js';
import type { EventTypeDetails } from '../booking/types.js';

export interface PublicProfile {
  username: string;
  name: string;
  timezone: string;
  eventTypes: EventTypeDetails[];
}

export function createBookingPageService({ db }: { db: Knex }) {
  return {
    /** A user's public, personal event types. Throws user_not_found. */
    async getPublicProfile(username: string): Promise<PublicProfile> {
      const user = await requireUserByUsername(db, username);
      const rows: EventTypeRow[] = await db('event_types').where({ owner_user_id: user.id, is_public: true }).whereNull('archived_at').orderBy([{ column: 'title' }, { column: 'id' }]);
      return { username: user.username, name: user.name, timezone: user.timezone, eventTypes: await presentEventTypes(db, rows) };
    },

    /** The owner (username or team slug) and slug of an event type, or null when it is gone. */
    async findEventTypeRef(eventTypeId: string): Promise<{ user?: string; team?: string; eventType: string } | null> {
      const row = await db('event_types as e')
        .leftJoin('users as u', 'u.id', 'e.owner_user_id')
        .leftJoin('teams as t', 't.id', 'e.team_id')
        .where('e.id', eventTypeId)
        .whereNull('e.archived_at')
        .first('e.slug', 'u.username', 't.slug as team_slug');
      if (!row) return null;
      return row.username ? { user: row.username, eventType: row.slug } : { team: row.team_slug, eventType: row.slug };
    },
  };
}

export type BookingPageService = ReturnType<typeof createBookingPageService>;
