/**
 * Reads the public booking page needs beyond the scheduling and booking services: a
 * user's public event types, what an invitee may do with a meeting, and which event type
 * (by owner and slug) it was booked through, so its invitee can pick a new slot there.
 */
import type { Knex } from 'knex';
import { allowedActions, isChangeable, type MeetingAction } from '../booking/allowedActions.js';
import { presentEventTypes, requireUserByUsername, type EventTypeRow } from '../booking/records.js';
import type { EventTypeDetails, BookingDetails } from '../booking/types.js';
import { DomainError } from '../errors.js';
import { findRenamedSlug } from '../site/slugRedirects.js';

export interface PublicProfile {
  username: string;
  name: string;
  timezone: string;
  eventTypes: EventTypeDetails[];
}

/** What a public page shows of its owner: picture, brand, and the sites allowed to frame it. */
export interface PageOwner {
  username: string;
  name: string;
  avatarUrl: string | null;
  brand: { name: string; color: string | null; logoUrl: string | null; hideBranding: boolean };
  embedOrigins: string[];
}

/** Where a meeting's event type lives: a user's or a team's, by slug. */
export type EventTypeRef = { user?: string; team?: string; eventType: string };

export function createBookingPageService({ db }: { db: Knex }) {
  /** The owner (username or team slug) and slug of an event type, or null when it is gone. */
  async function findEventTypeRef(eventTypeId: string): Promise<EventTypeRef | null> {
    const row = await db('event_types as e')
      .leftJoin('users as u', 'u.id', 'e.owner_user_id')
      .leftJoin('teams as t', 't.id', 'e.team_id')
      .where('e.id', eventTypeId)
      .whereNull('e.archived_at')
      .first('e.slug', 'u.username', 't.slug as team_slug');
    if (!row) return null;
    return row.username ? { user: row.username, eventType: row.slug } : { team: row.team_slug, eventType: row.slug };
  }

  const refOf = (meeting: BookingDetails) => (meeting.eventType ? findEventTypeRef(meeting.eventType.id) : Promise.resolve(null));

  return {
    /** What the invitee may do with this meeting on its page (see {@link allowedActions}). */
    async allowedActions(meeting: BookingDetails): Promise<MeetingAction[]> {
      // A seat in a group session is given up, never moved (the session is the host's to move).
      return allowedActions(meeting, { canPickNewSlot: meeting.seatsTotal == null && (await refOf(meeting)) !== null });
    },

    /**
     * The event type to pick a new slot from when the invitee reschedules. Throws
     * invalid_transition when the meeting has none (ad-hoc, or archived) or can no longer change.
     */
    async rescheduleSource(meeting: BookingDetails): Promise<EventTypeRef> {
      const ref = await refOf(meeting);
      if (!ref) throw new DomainError('invalid_transition', 'This meeting cannot be rescheduled online; reply to your confirmation email instead.');
      if (!isChangeable(meeting.status)) throw new DomainError('invalid_transition', `A ${meeting.status} meeting cannot be rescheduled`);
      return ref;
    },

    /** The owner of a user's public pages. Throws user_not_found. */
    async getPageOwner(username: string): Promise<PageOwner> {
      const user = await requireUserByUsername(db, username);
      const row = await db('users').where({ id: user.id }).first('avatar_url', 'brand_color', 'logo_url', 'hide_branding', 'embed_origins');
      return {
        username: user.username,
        name: user.name,
        avatarUrl: row.avatar_url,
        brand: { name: user.name, color: row.brand_color, logoUrl: row.logo_url, hideBranding: row.hide_branding },
        embedOrigins: row.embed_origins ?? [],
      };
    },

    /**
     * Whether an e-mail about this booking (or about this series, its one invitation) was queued,
     * sent or not yet, to one of `emails`: none is when the address unsubscribed from that kind, or
     * turned it off in its preferences. Only the change e-mails count (keys `email:<booking id>:…`,
     * `series:<series id>:email:…`), not a reminder or follow-up planned with them.
     */
    async wasEmailQueued(about: { bookingId: string } | { seriesId: string }, emails: readonly string[]): Promise<boolean> {
      if (!emails.length) return false;
      const key = 'bookingId' in about ? `email:${about.bookingId}:%` : `series:${about.seriesId}:email:%`;
      const row = await db('outbox')
        .where({ channel: 'email', ...('bookingId' in about ? { booking_id: about.bookingId } : {}) })
        .whereLike('idempotency_key', key)
        .whereRaw("lower(payload->>'to') = ANY(?::text[])", [emails.map((e) => e.toLowerCase())])
        .first('id');
      return Boolean(row);
    },

    /** The current slug an old slug of the user's event type moved to, or null. */
    findRenamedSlug: (username: string, oldSlug: string) => findRenamedSlug(db, username, oldSlug),

    /** Public profiles and event types (of one user, or everyone's) for the sitemap, at most 50,000. */
    async listPublicPages(username?: string): Promise<Array<{ username: string; slug: string | null; updatedAt: string }>> {
      const types: Array<{ username: string; slug: string; updated_at: Date | string }> = await db('event_types as e').join('users as u', 'u.id', 'e.owner_user_id').where('e.is_public', true).whereNull('e.archived_at').modify((q) => (username ? q.whereRaw('lower(u.username) = lower(?)', [username]) : q))
        .orderBy(['u.username', 'e.slug']).limit(49_000).select('u.username', 'e.slug', 'e.updated_at');
      const owners = new Map<string, string>();
      for (const t of types) owners.set(t.username, new Date(Math.max(new Date(t.updated_at).getTime(), new Date(owners.get(t.username) ?? 0).getTime())).toISOString());
      return [...owners].flatMap(([name, updated]) => [{ username: name, slug: null, updatedAt: updated }, ...types.filter((t) => t.username === name).map((t) => ({ username: name, slug: t.slug, updatedAt: new Date(t.updated_at).toISOString() }))]);
    },

    /** Every origin any of these users lets frame their pages (a meeting's hosts). */
    async embedOriginsOf(userIds: string[]): Promise<string[]> {
      const rows: Array<{ embed_origins: string[] | null }> = await db('users').whereIn('id', userIds).select('embed_origins');
      return [...new Set(rows.flatMap((r) => r.embed_origins ?? []))];
    },

    /** A user's public, personal event types. Throws user_not_found. */
    async getPublicProfile(username: string): Promise<PublicProfile> {
      const user = await requireUserByUsername(db, username);
      const rows: EventTypeRow[] = await db('event_types').where({ owner_user_id: user.id, is_public: true }).whereNull('archived_at').orderBy([{ column: 'title' }, { column: 'id' }]);
      return { username: user.username, name: user.name, timezone: user.timezone, eventTypes: await presentEventTypes(db, rows) };
    },
  };
}

export type BookingPageService = ReturnType<typeof createBookingPageService>;
