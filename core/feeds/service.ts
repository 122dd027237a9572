/**
 * Calendar subscription feeds: one secret URL per user (`/ics/<token>.ics`) listing the
 * meetings they host or attend. Cancelled meetings stay in the feed for 30 days with
 * STATUS:CANCELLED so subscribed calendars remove them; rotating the token kills the old URL.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { generateSecret, safeEqual, hashSecret } from '../auth/secrets.js';
import { DomainError } from '../errors.js';
import { buildCalendar } from '../ics/calendar.js';
import { seriesListLines, type IcsSeries } from '../ics/series.js';
import { loadMeetingSnapshot, loadMeetingSnapshots, seenByAttendee, toIcsMeeting, type MeetingSnapshot } from '../notify/meetingSnapshot.js';
import { buildSeriesInvite, loadIcsSeries } from '../notify/seriesSnapshot.js';
import { DAY_MS } from '../time/units.js';
import { meetingLink } from './viewLinks.js';

export const FEED_TOKEN_PREFIX = 'yfeed_';
/** How long a cancelled meeting stays in feeds. */
export const CANCELLED_RETENTION_DAYS = 30;
/** How far back active meetings are listed. */
export const PAST_DAYS = 180;
/** Suggested refresh for subscribers (REFRESH-INTERVAL / X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 15 * 60;

export interface CalendarDocument {
  body: string;
  etag: string;
  lastModified: Date;
  filename: string;
}

export interface FeedUrls {
  url: string;
  webcalUrl: string;
}

export interface CreateFeedServiceOptions {
  db: Knex;
  clock: Clock;
  publicUrl: string;
  /** Signs read-only meeting links in feeds (`URL:`); without it events link to the plain meeting page. */
  viewSecret?: string;
}

export interface BuildUserFeedOptions {
  /** Only meetings that are still on and not over: for calendar programs that show cancelled events anyway. */
  upcoming?: boolean;
}

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

export function createFeedService({ db, clock, publicUrl, viewSecret }: CreateFeedServiceOptions) {
  const meetingUrl = (id: string) => meetingLink(publicUrl, id, viewSecret);
  const urls = (token: string): FeedUrls => {
    const url = `${publicUrl}/ics/${token}.ics`;
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
  };

  return {
    /** The caller's feed URL, issuing a token the first time. */
    async getFeedUrls(userId: string): Promise<FeedUrls> {
      const user = await db('users').where({ id: userId }).first('feed_token');
      if (!user) throw new DomainError('user_not_found', 'That user was not found');
      if (user.feed_token) return urls(user.feed_token);
      const token = generateSecret(FEED_TOKEN_PREFIX, 24);
      // Another request may have issued one meanwhile: keep whichever landed first.
      await db('users').where({ id: userId }).whereNull('feed_token').update({ feed_token: token, updated_at: clock.now() });
      const after = await db('users').where({ id: userId }).first('feed_token');
      return urls(after.feed_token);
    },

    /** Issues a new feed URL; the old one answers 404 from now on. */
    async rotateFeed(userId: string): Promise<FeedUrls> {
      const token = generateSecret(FEED_TOKEN_PREFIX, 24);
      const count = await db('users').where({ id: userId }).update({ feed_token: token, updated_at: clock.now() });
      if (!Number(count)) throw new DomainError('user_not_found', 'That user was not found');
      return urls(token);
    },

    /** The feed for a token. Throws not_found for an unknown (or rotated) token. */
    async buildUserFeed(token: string, options: BuildUserFeedOptions = {}): Promise<CalendarDocument> {
      if (!token.startsWith(FEED_TOKEN_PREFIX) || token.length > 100) throw new DomainError('not_found', 'This calendar feed does not exist (the link may have been replaced)');
      const user = await db('users').where({ feed_token: token }).first('id', 'name', 'username', 'feed_token', 'updated_at');
      if (!user || !safeEqual(user.feed_token, token)) throw new DomainError('not_found', 'This calendar feed does not exist (the link may have been replaced)');
      const now = clock.now().getTime();
      const query = db('bookings')
        .where((q) =>
          q
            .whereExists(db('booking_hosts').whereRaw('booking_hosts.booking_id = bookings.id').where('booking_hosts.user_id', user.id))
            .orWhereExists(db('booking_attendees').whereRaw('booking_attendees.booking_id = bookings.id').where('booking_attendees.user_id', user.id)),
        )
        .where((q) =>
          q
            .where((a) => a.whereNotIn('bookings.status', ['canceled', 'rejected']).where('bookings.end_at', '>=', new Date(now - PAST_DAYS * DAY_MS)))
            .orWhere((c) => c.whereIn('bookings.status', ['canceled', 'rejected']).where('bookings.updated_at', '>=', new Date(now - CANCELLED_RETENTION_DAYS * DAY_MS))),
        );
      if (options.upcoming) query.whereNotIn('bookings.status', ['canceled', 'rejected']).where('bookings.end_at', '>', new Date(now));
      const snapshots = await loadMeetingSnapshots(db, query);
      // The meetings of a series go out as one recurring event (RRULE, EXDATE, RECURRENCE-ID).
      const { single, components } = await groupSeries(db, snapshots, { upcoming: Boolean(options.upcoming), url: meetingUrl });
      const body = buildCalendar(
        single.map((s) => toIcsMeeting(s.hosts.some((h) => h.id === user.id) ? s : seenByAttendee(s), meetingUrl(s.id))),
        { name: options.upcoming ? `${user.name} (Yava, upcoming)` : `${user.name} (Yava)`, refreshSeconds: FEED_REFRESH_SECONDS, components },
      );
      const lastModified = new Date(Math.max(new Date(user.updated_at).getTime(), ...snapshots.map((s) => s.updatedAt.getTime())));
      return { body, etag: etagOf(body), lastModified, filename: options.upcoming ? `${user.username}-upcoming.ics` : `${user.username}.ics` };
    },

    /**
     * One meeting as a .ics file (METHOD:PUBLISH), for an attendee holding its manage token
     * or a host/attendee user. Throws booking_not_found otherwise (never says which).
     */
    async buildMeetingIcs(bookingId: string, access: { manageToken?: string; userId?: string }): Promise<CalendarDocument> {
      const missing = new DomainError('booking_not_found', 'That meeting was not found, or the link is not valid');
      if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw missing;
      const host = access.userId ? Boolean(await db('booking_hosts').where({ booking_id: bookingId, user_id: access.userId }).first('user_id')) : false;
      let allowed = host;
      if (!allowed && access.manageToken) {
        allowed = Boolean(await db('booking_attendees').where({ booking_id: bookingId, manage_token_hash: hashSecret(access.manageToken) }).first('id'));
      }
      if (!allowed && access.userId) allowed = Boolean(await db('booking_attendees').where({ booking_id: bookingId, user_id: access.userId }).first('id'));
      if (!allowed) throw missing;
      const loaded = await loadMeetingSnapshot(db, bookingId);
      if (!loaded) throw missing;
      const snapshot = host ? loaded : seenByAttendee(loaded);
      const seriesId: string | null = (await db('bookings').where({ id: bookingId }).first('series_id'))?.series_id ?? null;
      // The event's URL opens the meeting's read-only summary, signed: a bare /meetings/<id> asks for a token.
      const series = seriesId ? await buildSeriesInvite(db, seriesId, bookingId, { method: 'PUBLISH', url: meetingUrl(snapshot.id) }) : null;
      if (series) return { body: series, etag: etagOf(series), lastModified: snapshot.updatedAt, filename: 'series.ics' };
      const body = buildCalendar([toIcsMeeting(snapshot, meetingUrl(snapshot.id))], { name: snapshot.title, method: 'PUBLISH' });
      return { body, etag: etagOf(body), lastModified: snapshot.updatedAt, filename: 'meeting.ics' };
    },
  };
}

/**
 * Splits a feed's meetings into those outside any series and, for each series with a meeting in
 * the feed, its components (one recurring event). `upcoming` leaves out series with nothing held.
 */
async function groupSeries(db: Knex, snapshots: MeetingSnapshot[], options: { upcoming: boolean; url: (id: string) => string }): Promise<{ single: MeetingSnapshot[]; components: string[] }> {
  const links: Array<{ id: string; series_id: string }> = snapshots.length ? await db('bookings').whereIn('id', snapshots.map((s) => s.id)).whereNotNull('series_id').select('id', 'series_id') : [];
  const seriesOf = new Map(links.map((l) => [l.id, l.series_id]));
  const firstOf = new Map<string, string>();
  for (const s of snapshots) if (seriesOf.has(s.id) && !firstOf.has(seriesOf.get(s.id)!)) firstOf.set(seriesOf.get(s.id)!, s.id);
  const list: IcsSeries[] = [];
  for (const [seriesId, bookingId] of firstOf) {
    const series = await loadIcsSeries(db, seriesId, bookingId, options.url(bookingId));
    if (!series || (options.upcoming && series.status === 'canceled')) continue;
    list.push(series);
  }
  return { single: snapshots.filter((s) => !seriesOf.has(s.id)), components: seriesListLines(list, { moved: 'separate' }) };
}

export type FeedService = ReturnType<typeof createFeedService>;
