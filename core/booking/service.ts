/**
 * The booking service: schedule, reschedule, cancel, approve, decline, complete; read one
 * meeting, list meetings, daily load.
 *
 * Double booking is impossible by construction: every change runs in one transaction that
 * re-checks the slot and writes booking_hosts rows under the exclusion constraint
 * `EXCLUDE USING gist (user_id WITH =, busy WITH &&) WHERE (active)`; a violation (23P01) becomes
 * `slot_unavailable`. Daily limits hold under concurrency because each transaction first takes a
 * per-host advisory lock (`pg_advisory_xact_lock`), in host-id order so multi-host bookings never
 * deadlock. Every change is reported to the notifier inside its transaction (outbox).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { pickRoundRobinHost, type RoundRobinCandidate } from '../availability/index.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { findAttendeeAccountId, whereAttendeeIsUser } from '../auth/emailOwnership.js';
import type { Clock } from '../clock.js';
import type { BookingStatus } from '../db/models.js';
import { DomainError, PG, sqlState } from '../errors.js';
import type { Logger } from '../logger.js';
import { noopNotifier, type BookingChange, type BookingNotifier } from '../notify/types.js';
import { localDateOf } from '../time/zones.js';
import { UUID_RE, listEventTypeHostIds, loadMemberSettings, requireEventTypeBySlug, requireUserById, requireUsersByUsername, type EventTypeRow } from './records.js';
import { adHocRules, findSlot, parseInstant, requireTimeZone, resolveDateRange, rulesOfEventType, type SlotRules } from './slots.js';
import type { BookingActor, MeetingDetails, MeetingLoadDay } from './types.js';

export interface BookingServiceDeps {
  db: Knex;
  clock: Clock;
  notifier?: BookingNotifier;
  logger?: Logger;
}

export interface ScheduleBookingInput {
  /** Owner username of a personal event type… */
  user?: string;
  /** …or the team slug of a team event type. */
  team?: string;
  eventType: string;
  /** ISO 8601 instant with an offset. */
  start: string;
  invitee: { name: string; email: string; timezone: string };
  notes?: string | null;
  /** The logged-in user who booked, if any. */
  createdByUserId?: string | null;
  source?: string;
  /** Client-chosen key: a retry with the same key and body returns the first result. */
  idempotencyKey?: string;
}

export interface ScheduleBookingResult {
  meeting: MeetingDetails;
  /** The invitee's secret manage token (shown once; the database keeps its hash). */
  manageToken: string;
  /** True when this is the replay of an earlier request with the same idempotency key. */
  replayed: boolean;
}

export interface ScheduleAdHocMeetingInput {
  organizerUserId: string;
  /** Other hosts by username (the organizer is always a host). */
  usernames: string[];
  start: string;
  durationMinutes: number;
  title: string;
  /** Where the request came from: 'slack', 'discord', 'cli', 'api'… */
  source: string;
  notes?: string | null;
  location?: string | null;
}

export interface ListMeetingsInput {
  scope?: 'upcoming' | 'past';
  /** ISO instants or YYYY-MM-DD dates (in `timezone`). */
  from?: string;
  to?: string;
  timezone?: string;
  status?: BookingStatus[];
  limit?: number;
  cursor?: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const CANCELABLE: BookingStatus[] = ['pending', 'scheduled'];

function toIso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

function hostLockKey(userId: string): string {
  return `yava:host:${userId}`;
}

function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
    return value;
  };
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

function unavailable(): DomainError {
  return new DomainError('slot_unavailable', 'That time is not available; pick another slot');
}

/** Runs `work` in a transaction; an exclusion violation anywhere in it becomes slot_unavailable. */
async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (sqlState(error) === PG.exclusionViolation) throw unavailable();
    throw error;
  }
}

/** Takes the per-host advisory locks in a stable order (sorted ids), so two multi-host bookings never deadlock. */
async function lockHosts(trx: Knex, hostIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(hostIds)].sort()) await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [hostLockKey(id)]);
}

/** Bookings, their hosts and attendees. */
export function createBookingService({ db, clock, notifier = noopNotifier }: BookingServiceDeps) {
  async function loadMeeting(trx: Knex, id: string): Promise<MeetingDetails | null> {
    return (await loadMeetings(trx, [id]))[0] ?? null;
  }

  /** Meetings by id, in the order given (missing ids are left out): four queries, whatever the count. */
  async function loadMeetings(trx: Knex, ids: string[]): Promise<MeetingDetails[]> {
    if (ids.length === 0) return [];
    const [bookings, hosts, attendees, history] = [
      await trx('bookings as b').leftJoin('event_types as e', 'e.id', 'b.event_type_id').whereIn('b.id', ids).select('b.*', 'e.slug as et_slug', 'e.title as et_title', 'e.kind as et_kind'),
      await trx('booking_hosts as h').join('users as u', 'u.id', 'h.user_id').whereIn('h.booking_id', ids).orderBy('u.username').select('h.booking_id', 'u.id', 'u.username', 'u.name', 'u.email', 'u.timezone'),
      await trx('booking_attendees').whereIn('booking_id', ids).orderBy([{ column: 'created_at' }, { column: 'id' }]).select('booking_id', 'id', 'name', 'email', 'timezone', 'user_id'),
      await trx('booking_status_history').whereIn('booking_id', ids).orderBy('id').select('booking_id', 'from_status', 'to_status', 'actor', 'reason', 'at'),
    ];
    const byBooking = <T extends { booking_id: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(row.booking_id, [...(map.get(row.booking_id) ?? []), row]);
      return map;
    };
    const hostsOf = byBooking(hosts as any[]);
    const attendeesOf = byBooking(attendees as any[]);
    const historyOf = byBooking(history as any[]);
    const bookingById = new Map((bookings as any[]).map((b) => [b.id as string, b]));
    return ids.flatMap((id) => {
      const b = bookingById.get(id);
      if (!b) return [];
      return [{
        id: b.id,
        title: b.title,
        notes: b.notes,
        status: b.status,
        start: toIso(b.start_at),
        end: toIso(b.end_at),
        durationMinutes: Math.round((new Date(b.end_at).getTime() - new Date(b.start_at).getTime()) / MINUTE_MS),
        eventType: b.event_type_id ? { id: b.event_type_id, slug: b.et_slug, title: b.et_title, kind: b.et_kind } : null,
        location: b.location,
        icalUid: b.ical_uid,
        sequence: b.sequence,
        source: b.source,
        assignmentReason: b.assignment_reason,
        canceledBy: b.canceled_by,
        cancelReason: b.cancel_reason,
        createdByUserId: b.created_by_user_id,
        hosts: (hostsOf.get(id) ?? []).map((h: any) => ({ userId: h.id, username: h.username, name: h.name, email: h.email, timezone: h.timezone })),
        attendees: (attendeesOf.get(id) ?? []).map((a: any) => ({ id: a.id, name: a.name, email: a.email, timezone: a.timezone, userId: a.user_id })),
        statusHistory: (historyOf.get(id) ?? []).map((h: any) => ({ from: h.from_status, to: h.to_status, actor: h.actor, reason: h.reason, at: toIso(h.at) })),
        createdAt: toIso(b.created_at),
        updatedAt: toIso(b.updated_at),
      } satisfies MeetingDetails];
    });
  }

  async function recordStatus(trx: Knex, bookingId: string, from: BookingStatus | null, to: BookingStatus, actor: string, reason: string | null = null, details: Record<string, unknown> | null = null): Promise<void> {
    await trx('booking_status_history').insert({ booking_id: bookingId, from_status: from, to_status: to, actor, reason, details: details ? JSON.stringify(details) : null, at: clock.now() });
  }

  /** Who the actor is for this booking: a host, an attendee (manage token or account), or nobody. */
  async function resolveRole(trx: Knex, bookingId: string, actor: BookingActor): Promise<{ role: 'host' | 'attendee'; label: string } | null> {
    if (actor.userId) {
      const host = await trx('booking_hosts as h').join('users as u', 'u.id', 'h.user_id').where({ 'h.booking_id': bookingId, 'h.user_id': actor.userId }).first('u.username');
      if (host) return { role: 'host', label: `host:${host.username}` };
    }
    if (actor.manageToken) {
      const attendee = await trx('booking_attendees').where({ booking_id: bookingId, manage_token_hash: hashSecret(actor.manageToken) }).first('email');
      if (attendee) return { role: 'attendee', label: `attendee:${attendee.email}` };
    }
    if (actor.userId) {
      const userId = actor.userId;
      const attendee = await trx('booking_attendees as a').where('a.booking_id', bookingId).where((q) => whereAttendeeIsUser(q, userId, 'a')).first('a.email');
      if (attendee) return { role: 'attendee', label: `attendee:${attendee.email}` };
    }
    return null;
  }

  /** Locks the booking row and checks the actor may act. Throws booking_not_found, unauthorized, forbidden. */
  async function requireBookingFor(trx: Knex, id: string, actor: BookingActor, roles: Array<'host' | 'attendee'>): Promise<{ booking: any; label: string }> {
    if (!actor.userId && !actor.manageToken) throw new DomainError('unauthorized', 'Log in as a host, or use the manage link (?token=…) from your confirmation');
    const booking = UUID_RE.test(id) ? await trx('bookings').where({ id }).forUpdate().first() : undefined;
    if (!booking) throw new DomainError('booking_not_found', 'Meeting was not found');
    const role = await resolveRole(trx, id, actor);
    if (!role) throw new DomainError('forbidden', 'You are neither a host of this meeting nor holding its manage token');
    if (!roles.includes(role.role)) throw new DomainError('forbidden', `Only a host may do this`);
    return { booking, label: role.label };
  }

  function requireStatus(booking: { status: BookingStatus }, allowed: BookingStatus[], action: string): void {
    if (!allowed.includes(booking.status)) {
      throw new DomainError('invalid_transition', `A ${booking.status} meeting cannot be ${action}`, { details: { status: booking.status, action } });
    }
  }

  async function notify(trx: Knex.Transaction, change: BookingChange): Promise<void> {
    await notifier.bookingChanged(trx, change);
  }

  /** Rules for re-checking a booking's time: its event type's, or ad-hoc (collective, no buffers). */
  async function rulesOfBooking(trx: Knex, booking: any, hostIds: string[]): Promise<{ rules: SlotRules; eventType: EventTypeRow | null }> {
    const eventType: EventTypeRow | null = booking.event_type_id ? ((await trx('event_types').where({ id: booking.event_type_id }).first()) ?? null) : null;
    const duration = Math.round((new Date(booking.end_at).getTime() - new Date(booking.start_at).getTime()) / MINUTE_MS);
    if (!eventType) return { rules: adHocRules(duration, hostIds.length), eventType };
    const rules = rulesOfEventType(eventType);
    // Each host keeps the meeting: a round robin reschedule stays with its assigned host.
    return { rules: { ...rules, kind: hostIds.length === 1 ? 'one_on_one' : 'collective' }, eventType };
  }

  async function roundRobinCandidates(trx: Knex, eventType: EventTypeRow, hostIds: string[], now: Date): Promise<RoundRobinCandidate[]> {
    const settings = await loadMemberSettings(trx, eventType.team_id, hostIds);
    const { rows } = await trx.raw<{ rows: Array<{ user_id: string; recent: number; last: Date | null }> }>(
      `SELECT bh.user_id, count(*) FILTER (WHERE b.created_at >= ?) AS recent, max(b.created_at) AS last
         FROM booking_hosts bh JOIN bookings b ON b.id = bh.booking_id
        WHERE bh.user_id = ANY(?::uuid[]) AND b.event_type_id = ? AND b.status NOT IN ('canceled', 'rejected')
        GROUP BY bh.user_id`,
      [new Date(now.getTime() - 30 * DAY_MS), hostIds, eventType.id],
    );
    const stats = new Map(rows.map((r) => [r.user_id, r]));
    return hostIds.map((hostId) => ({
      hostId,
      priority: settings.get(hostId)!.priority,
      weight: settings.get(hostId)!.weight,
      recentBookings: Number(stats.get(hostId)?.recent ?? 0),
      lastBookedAt: stats.get(hostId)?.last ? new Date(stats.get(hostId)!.last!).getTime() : null,
    }));
  }

  interface CreateRecord {
    eventType: EventTypeRow | null;
    title: string;
    notes: string | null;
    start: number;
    end: number;
    status: BookingStatus;
    location: string | null;
    source: string;
    createdByUserId: string | null;
    assignmentReason: string | null;
    hostIds: string[];
    bufferBeforeMinutes: number;
    bufferAfterMinutes: number;
    holdsSlot: boolean;
    attendees: Array<{ name: string; email: string; timezone: string }>;
    actor: string;
  }

  /** Inserts a booking with its hosts, attendees (with fresh manage tokens) and first history row. */
  async function insertBooking(trx: Knex.Transaction, record: CreateRecord): Promise<{ id: string; tokens: Record<string, string> }> {
    const id = randomUUID();
    const now = clock.now();
    await trx('bookings').insert({
      id,
      event_type_id: record.eventType?.id ?? null,
      title: record.title,
      notes: record.notes,
      start_at: new Date(record.start),
      end_at: new Date(record.end),
      status: record.status,
      ical_uid: `${id}@yava`,
      sequence: 0,
      location: record.location,
      source: record.source,
      created_by_user_id: record.createdByUserId,
      assignment_reason: record.assignmentReason,
      created_at: now,
      updated_at: now,
    });
    const busyStart = new Date(record.start - record.bufferBeforeMinutes * MINUTE_MS).toISOString();
    const busyEnd = new Date(record.end + record.bufferAfterMinutes * MINUTE_MS).toISOString();
    await trx('booking_hosts').insert(
      record.hostIds.map((userId) => ({ booking_id: id, user_id: userId, busy: trx.raw("tstzrange(?, ?, '[)')", [busyStart, busyEnd]), active: record.holdsSlot })),
    );
    const tokens: Record<string, string> = {};
    for (const attendee of record.attendees) {
      const token = generateSecret('yava_mt_');
      const accountId = await findAttendeeAccountId(trx, attendee.email, record.createdByUserId);
      const [row] = await trx('booking_attendees')
        .insert({ booking_id: id, user_id: accountId, name: attendee.name, email: attendee.email.toLowerCase(), timezone: attendee.timezone, manage_token_hash: hashSecret(token), created_at: now })
        .returning('id');
      tokens[row.id] = token;
    }
    await recordStatus(trx, id, null, record.status, record.actor);
    return { id, tokens };
  }

  /** Moves every host's busy range of a booking; the exclusion constraint decides races. */
  async function moveBusy(trx: Knex, bookingId: string, start: number, end: number, rules: SlotRules): Promise<void> {
    await trx('booking_hosts')
      .where({ booking_id: bookingId })
      .update({ busy: trx.raw("tstzrange(?, ?, '[)')", [new Date(start - rules.bufferBeforeMinutes * MINUTE_MS).toISOString(), new Date(end + rules.bufferAfterMinutes * MINUTE_MS).toISOString()]) });
  }

  async function bookingHostIds(trx: Knex, bookingId: string): Promise<string[]> {
    return (await trx('booking_hosts').where({ booking_id: bookingId }).orderBy('user_id').select('user_id')).map((r: { user_id: string }) => r.user_id);
  }

  async function transition(
    id: string,
    actor: BookingActor,
    options: { roles: Array<'host' | 'attendee'>; from: BookingStatus[]; to: BookingStatus; verb: string; change: BookingChange['type'] | null; reason?: string | null; activate?: boolean; deactivate?: boolean; afterEnd?: boolean },
  ): Promise<MeetingDetails> {
    return inTransaction(db, async (trx) => {
      const { booking, label } = await requireBookingFor(trx, id, actor, options.roles);
      requireStatus(booking, options.from, options.verb);
      if (options.afterEnd && new Date(booking.end_at).getTime() > clock.now().getTime()) {
        throw new DomainError('invalid_transition', `A meeting can be marked ${options.verb} only after it ends`, { details: { status: booking.status } });
      }
      if (options.activate) {
        const hostIds = await bookingHostIds(trx, id);
        await lockHosts(trx, hostIds);
        // The exclusion constraint decides between two pending requests for one slot.
        await trx('booking_hosts').where({ booking_id: id }).update({ active: true });
      }
      if (options.deactivate) await trx('booking_hosts').where({ booking_id: id }).update({ active: false });
      const patch: Record<string, unknown> = { status: options.to, updated_at: clock.now() };
      if (options.to === 'canceled' || options.to === 'rejected') {
        patch.canceled_by = label;
        patch.cancel_reason = options.reason ?? null;
        patch.sequence = booking.sequence + 1;
      }
      await trx('bookings').where({ id }).update(patch);
      await recordStatus(trx, id, booking.status, options.to, label, options.reason ?? null);
      if (options.change) await notify(trx, { type: options.change, bookingId: id, actor: label, reason: options.reason ?? null });
      return (await loadMeeting(trx, id))!;
    });
  }

  return {
    /**
     * Books a slot of an event type for an invitee. Re-checks the slot (working hours, busy,
     * notice, horizon, daily limits) under per-host advisory locks, picks the round-robin host,
     * and writes under the exclusion constraint. `requiresApproval` → `pending`.
     *
     * Throws user_not_found, team_not_found, event_type_not_found (404), validation_failed (400),
     * slot_unavailable (409: taken, outside availability, or a daily limit reached),
     * idempotency_conflict (409: same key, different body).
     *
     * @example scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Bo', email: 'bo@x.org', timezone: 'Europe/Paris' } })
     */
    async scheduleBooking(input: ScheduleBookingInput): Promise<ScheduleBookingResult> {
      const start = parseInstant(input.start, 'start');
      requireTimeZone(input.invitee.timezone, 'invitee.timezone');
      const scope = `meetings.schedule:${input.createdByUserId ?? 'anonymous'}`;
      const { idempotencyKey, createdByUserId: _c, source: _s, ...body } = input;
      const hash = requestHash(body);
      const outcome = await inTransaction(db, async (trx) => {
        if (idempotencyKey) {
          const inserted = await trx.raw<{ rows: unknown[] }>(
            `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at) VALUES (?, ?, ?, 0, '{}'::jsonb, ?)
             ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
            [scope, idempotencyKey, hash, clock.now()],
          );
          if (inserted.rows.length === 0) {
            const existing = await trx('idempotency_keys').where({ scope, key: idempotencyKey }).first();
            if (existing.request_hash !== hash) throw new DomainError('idempotency_conflict', 'This Idempotency-Key was used with a different request; use a new key', { details: { idempotencyKey } });
            const stored = (typeof existing.response_body === 'string' ? JSON.parse(existing.response_body) : existing.response_body) as { meetingId: string; attendeeId: string };
            // The database never keeps a plain manage token, so a replay issues a fresh one.
            const manageToken = generateSecret('yava_mt_');
            await trx('booking_attendees').where({ id: stored.attendeeId }).update({ manage_token_hash: hashSecret(manageToken) });
            return { id: stored.meetingId, manageToken, replayed: true };
          }
        }
        const eventType = await requireEventTypeBySlug(trx, input.team ? { team: input.team } : { user: input.user ?? '' }, input.eventType);
        const hostIds = await listEventTypeHostIds(trx, eventType);
        const rules = rulesOfEventType(eventType);
        await lockHosts(trx, hostIds);
        const now = clock.now();
        const { slot } = await findSlot(trx, { rules, hostIds, start, now: now.getTime() });
        if (!slot) throw unavailable();
        let chosen = slot.hostIds;
        let assignmentReason: string | null = null;
        if (rules.kind === 'round_robin') {
          const pick = pickRoundRobinHost(await roundRobinCandidates(trx, eventType, slot.hostIds, now));
          chosen = [pick.hostId];
          assignmentReason = `round robin: ${pick.reason}`;
        }
        const status: BookingStatus = eventType.requires_approval ? 'pending' : 'scheduled';
        const { id, tokens } = await insertBooking(trx, {
          eventType,
          title: eventType.title,
          notes: input.notes ?? null,
          start: slot.start,
          end: slot.end,
          status,
          location: eventType.location,
          source: input.source ?? 'api',
          createdByUserId: input.createdByUserId ?? null,
          assignmentReason,
          hostIds: chosen,
          bufferBeforeMinutes: rules.bufferBeforeMinutes,
          bufferAfterMinutes: rules.bufferAfterMinutes,
          holdsSlot: status === 'scheduled' || eventType.pending_holds_slot,
          attendees: [input.invitee],
          actor: input.createdByUserId ? `user:${input.createdByUserId}` : `attendee:${input.invitee.email.toLowerCase()}`,
        });
        await notify(trx, { type: status === 'pending' ? 'requested' : 'created', bookingId: id, manageTokens: tokens, actor: `attendee:${input.invitee.email.toLowerCase()}` });
        const [attendeeId, manageToken] = Object.entries(tokens)[0]!;
        if (idempotencyKey) {
          await trx('idempotency_keys').where({ scope, key: idempotencyKey }).update({ response_status: 201, response_body: JSON.stringify({ meetingId: id, attendeeId }) });
        }
        return { id, manageToken, replayed: false };
      });
      const meeting = await loadMeeting(db, outcome.id);
      return { meeting: meeting!, manageToken: outcome.manageToken, replayed: outcome.replayed };
    },

    /**
     * A collective meeting with the organizer and the named users as hosts, booked only when all
     * are free (working hours, bookings, calendars). For the chat bots and the CLI.
     *
     * Throws user_not_found, validation_failed, slot_unavailable.
     *
     * @example scheduleAdHocMeeting({ organizerUserId, usernames: ['bob'], start: '2026-11-25T14:00:00Z', durationMinutes: 30, title: 'Sync', source: 'slack' })
     */
    async scheduleAdHocMeeting(input: ScheduleAdHocMeetingInput): Promise<MeetingDetails> {
      const start = parseInstant(input.start, 'start');
      if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 1440) {
        throw new DomainError('validation_failed', 'durationMinutes: expected 1 to 1440 minutes', { errors: [{ field: 'durationMinutes', message: 'expected 1 to 1440 minutes' }] });
      }
      const id = await inTransaction(db, async (trx) => {
        const organizer = await requireUserById(trx, input.organizerUserId);
        const others = await requireUsersByUsername(trx, input.usernames);
        const hostIds = [...new Set([organizer.id, ...others.map((u) => u.id)])];
        const rules = adHocRules(input.durationMinutes, hostIds.length);
        await lockHosts(trx, hostIds);
        const { slot } = await findSlot(trx, { rules, hostIds, start, now: clock.now().getTime() });
        if (!slot) throw unavailable();
        const { id, tokens } = await insertBooking(trx, {
          eventType: null,
          title: input.title,
          notes: input.notes ?? null,
          start: slot.start,
          end: slot.end,
          status: 'scheduled',
          location: input.location ?? null,
          source: input.source,
          createdByUserId: organizer.id,
          assignmentReason: null,
          hostIds,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          holdsSlot: true,
          attendees: [],
          actor: `host:${organizer.username}`,
        });
        await notify(trx, { type: 'created', bookingId: id, manageTokens: tokens, actor: `host:${organizer.username}` });
        return id;
      });
      return (await loadMeeting(db, id))!;
    },

    /**
     * Moves a pending or scheduled meeting to `start` (same duration, same hosts), keeping its id
     * and ICS uid and incrementing `sequence`. Atomic: the busy ranges move in the same
     * transaction, so there are never two live copies or none. Hosts (userId) and attendees
     * (manageToken) may reschedule.
     *
     * Throws unauthorized, forbidden, booking_not_found, invalid_transition, validation_failed, slot_unavailable.
     */
    async rescheduleBooking(id: string, input: { start: string }, actor: BookingActor): Promise<MeetingDetails> {
      const start = parseInstant(input.start, 'start');
      return inTransaction(db, async (trx) => {
        const { booking, label } = await requireBookingFor(trx, id, actor, ['host', 'attendee']);
        requireStatus(booking, CANCELABLE, 'rescheduled');
        const hostIds = await bookingHostIds(trx, id);
        const { rules } = await rulesOfBooking(trx, booking, hostIds);
        await lockHosts(trx, hostIds);
        const { slot } = await findSlot(trx, { rules, hostIds, start, now: clock.now().getTime(), excludeBookingId: id });
        if (!slot) throw unavailable();
        await moveBusy(trx, id, slot.start, slot.end, rules);
        await trx('bookings').where({ id }).update({ start_at: new Date(slot.start), end_at: new Date(slot.end), sequence: booking.sequence + 1, updated_at: clock.now() });
        await recordStatus(trx, id, booking.status, booking.status, label, null, { rescheduledFrom: toIso(booking.start_at), rescheduledTo: toIso(slot.start) });
        await notify(trx, { type: 'rescheduled', bookingId: id, previousStart: toIso(booking.start_at), previousEnd: toIso(booking.end_at), actor: label });
        return (await loadMeeting(trx, id))!;
      });
    },

    /**
     * Cancels a pending or scheduled meeting, recording who and why; frees the slot.
     * Throws unauthorized, forbidden, booking_not_found, invalid_transition.
     */
    async cancelBooking(id: string, input: { reason?: string | null }, actor: BookingActor): Promise<MeetingDetails> {
      return transition(id, actor, { roles: ['host', 'attendee'], from: CANCELABLE, to: 'canceled', verb: 'canceled', change: 'canceled', reason: input.reason ?? null, deactivate: true });
    },

    /**
     * Approves a pending request (hosts only): it becomes scheduled and holds its slot. Two
     * pending requests for one slot approved in parallel: one wins, the other gets slot_unavailable.
     * Throws unauthorized, forbidden, booking_not_found, invalid_transition, slot_unavailable.
     */
    async approveBooking(id: string, actor: BookingActor): Promise<MeetingDetails> {
      return transition(id, actor, { roles: ['host'], from: ['pending'], to: 'scheduled', verb: 'approved', change: 'approved', activate: true });
    },

    /** Declines a pending request (hosts only) and frees its slot. Throws unauthorized, forbidden, booking_not_found, invalid_transition. */
    async declineBooking(id: string, input: { reason?: string | null }, actor: BookingActor): Promise<MeetingDetails> {
      return transition(id, actor, { roles: ['host'], from: ['pending'], to: 'rejected', verb: 'declined', change: 'declined', reason: input.reason ?? null, deactivate: true });
    },

    /** Marks a scheduled meeting completed after its end (hosts only). Throws as approveBooking, plus invalid_transition before the end. */
    async completeBooking(id: string, actor: BookingActor): Promise<MeetingDetails> {
      return transition(id, actor, { roles: ['host'], from: ['scheduled'], to: 'completed', verb: 'completed', change: null, afterEnd: true });
    },

    /** Marks a scheduled meeting as a no-show after its end (hosts only); frees nothing (it is past). */
    async markNoShow(id: string, actor: BookingActor): Promise<MeetingDetails> {
      return transition(id, actor, { roles: ['host'], from: ['scheduled'], to: 'no_show', verb: 'marked as no-show', change: null, afterEnd: true });
    },

    /**
     * One meeting, for a host, an attendee (account or manage token). With `timezone` (or the
     * viewer's own zone) adds `local`. Throws unauthorized, forbidden, booking_not_found, validation_failed (zone).
     */
    async getMeeting(id: string, actor: BookingActor, options: { timezone?: string } = {}): Promise<MeetingDetails & { viewer: 'host' | 'attendee' }> {
      if (!actor.userId && !actor.manageToken) throw new DomainError('unauthorized', 'Log in as a host, or use the manage link (?token=…) from your confirmation');
      const meeting = UUID_RE.test(id) ? await loadMeeting(db, id) : null;
      if (!meeting) throw new DomainError('booking_not_found', 'Meeting was not found');
      const role = await resolveRole(db, id, actor);
      if (!role) throw new DomainError('forbidden', 'You are neither a host nor an attendee of this meeting');
      let zone = options.timezone;
      if (!zone && actor.userId) zone = (await requireUserById(db, actor.userId)).timezone;
      if (!zone && role.role === 'attendee') zone = meeting.attendees[0]?.timezone;
      zone = requireTimeZone(zone ?? 'UTC');
      const local = (iso: string) => DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true })!;
      return { ...meeting, local: { start: local(meeting.start), end: local(meeting.end), timezone: zone }, viewer: role.role };
    },

    /**
     * The user's meetings as host or attendee (attendee by account or e-mail), upcoming (by start,
     * ascending; default) or past (descending), keyset-paginated with an opaque cursor.
     * Throws validation_failed (bad dates, zone or cursor).
     */
    async listMeetings(userId: string, input: ListMeetingsInput = {}): Promise<{ meetings: MeetingDetails[]; nextCursor: string | null }> {
      const scope = input.scope ?? 'upcoming';
      const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
      const user = await requireUserById(db, userId);
      const zone = requireTimeZone(input.timezone ?? user.timezone);
      const toInstant = (value: string, field: string, endOfDay: boolean) => {
        if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          const r = resolveDateRange({ from: value, to: value, timezone: zone }, 0);
          return endOfDay ? r.end : r.start;
        }
        return parseInstant(value, field);
      };
      const now = clock.now();
      const query = db('bookings as b')
        .where((q) =>
          q
            .whereExists(db('booking_hosts as h').whereRaw('h.booking_id = b.id').where('h.user_id', userId))
            .orWhereExists(db('booking_attendees as a').whereRaw('a.booking_id = b.id').where((w) => whereAttendeeIsUser(w, userId, 'a'))),
        )
        .select('b.id', 'b.start_at')
        .limit(limit + 1);
      if (scope === 'upcoming') query.where('b.end_at', '>', now).orderBy([{ column: 'b.start_at', order: 'asc' }, { column: 'b.id', order: 'asc' }]);
      else query.where('b.end_at', '<=', now).orderBy([{ column: 'b.start_at', order: 'desc' }, { column: 'b.id', order: 'desc' }]);
      if (input.from) query.where('b.end_at', '>', new Date(toInstant(input.from, 'from', false)));
      if (input.to) query.where('b.start_at', '<', new Date(toInstant(input.to, 'to', true)));
      if (input.status?.length) query.whereIn('b.status', input.status);
      if (input.cursor) {
        let decoded: { s: string; id: string };
        try {
          decoded = JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8'));
          if (!UUID_RE.test(decoded.id) || !Number.isFinite(Date.parse(decoded.s))) throw new Error('bad');
        } catch {
          throw new DomainError('validation_failed', 'cursor: not a cursor from this list', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });
        }
        query.whereRaw(`(b.start_at, b.id) ${scope === 'upcoming' ? '>' : '<'} (?::timestamptz, ?::uuid)`, [decoded.s, decoded.id]);
      }
      const rows: Array<{ id: string; start_at: Date }> = await query;
      const page = rows.slice(0, limit);
      const meetings = await loadMeetings(db, page.map((r) => r.id));
      const last = page[page.length - 1];
      const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify({ s: toIso(last.start_at), id: last.id })).toString('base64url') : null;
      return { meetings, nextCursor };
    },

    /**
     * Meetings per local day (count and minutes) where the user is a host and the meeting holds
     * time (pending holding its slot, scheduled, completed). Throws validation_failed.
     */
    async getMeetingLoad(userId: string, input: { from?: string; to?: string; timezone?: string } = {}): Promise<{ timezone: string; days: MeetingLoadDay[] }> {
      const user = await requireUserById(db, userId);
      const timezone = requireTimeZone(input.timezone ?? user.timezone);
      const range = resolveDateRange({ from: input.from, to: input.to, timezone }, clock.now().getTime());
      const rows: Array<{ start_at: Date; end_at: Date }> = await db('bookings as b')
        .join('booking_hosts as h', 'h.booking_id', 'b.id')
        .where('h.user_id', userId)
        .where('h.active', true)
        .where('b.start_at', '<', new Date(range.end))
        .where('b.end_at', '>', new Date(range.start))
        .select('b.start_at', 'b.end_at');
      const days = new Map<string, MeetingLoadDay>();
      for (let day = range.from; day <= range.to; day = localDateOf(resolveDateRange({ from: day, to: day, timezone }, 0).end, timezone)) {
        days.set(day, { date: day, count: 0, busyMinutes: 0 });
      }
      for (const row of rows) {
        const start = Math.max(new Date(row.start_at).getTime(), range.start);
        const end = Math.min(new Date(row.end_at).getTime(), range.end);
        const first = days.get(localDateOf(new Date(row.start_at).getTime(), timezone));
        if (first) first.count += 1;
        // Minutes are split across the local days the meeting spans.
        for (let t = start; t < end; ) {
          const date = localDateOf(t, timezone);
          const dayEnd = Math.min(resolveDateRange({ from: date, to: date, timezone }, 0).end, end);
          const entry = days.get(date);
          if (entry) entry.busyMinutes += Math.round((dayEnd - t) / MINUTE_MS);
          t = dayEnd;
        }
      }
      return { timezone, days: [...days.values()] };
    },
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
