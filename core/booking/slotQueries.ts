/**
 * Listing bookable slots: of an event type (the booking page, `GET /api/availability`), or the
 * common free time of several users (chat, the CLI).
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import type { SchedulingContext } from './context.js';
import { canManageEventType } from './eventTypeHosts.js';
import { isAwaitingHosts } from './hostInvitations.js';
import { canBookForTeam } from './teamBooking.js';
import { invalidField, requireDurationMinutes, requireTimeZone, resolveDateRange } from './inputs.js';
import { listEventTypeHostIds, requireEventTypeBySlug, requireUserById, requireUsersByUsername } from './records.js';
import { adHocRules, rulesOfEventType, type SlotRules } from './rules.js';
import { mergeOpenSessions } from './sessionSlots.js';
import { computeSlots } from './slots.js';
import { hostRowsOf, type HostRow } from './loader.js';
import { computeRankedSlotList, type SmartRankOptions } from './smartSlots.js';
import type { SlotList } from './types.js';
import { createIsoFormatter } from '../time/instants.js';

export interface ListSlotsInput {
  /** Owner username of a personal event type. */
  user?: string;
  /** Team slug of a team event type. */
  team?: string;
  eventType: string;
  from?: string;
  to?: string;
  /** Zone of from/to; default: the user's zone (team: the first host's zone). */
  timezone?: string;
  /** Who asks (may see non-public event types they host). */
  viewerUserId?: string;
  /** Page size (1..MAX_SLOTS_PER_PAGE, the default). */
  limit?: number;
  /** The previous page's nextCursor. */
  cursor?: string;
  /** `replica`: the busy data may come from the read replica (DATABASE_READ_URL); default `primary`. */
  consistency?: Consistency;
  /** Smart times: every free slot in the range ranked best first, with score and reasons (one page, no cursor). */
  smart?: SmartRankOptions;
}

export type Consistency = 'primary' | 'replica';

export interface ListCommonSlotsInput {
  usernames: string[];
  durationMinutes: number;
  from?: string;
  to?: string;
  /** Zone of from/to; default: the first user's zone. */
  timezone?: string;
  limit?: number;
  cursor?: string;
  consistency?: Consistency;
  smart?: SmartRankOptions;
  /** Minutes between offered starts (raised to the floor of core/availability/slotStep.ts); default: the duration. */
  stepMinutes?: number;
}

/** The most slots one answer carries; more come page by page (nextCursor). */
export const MAX_SLOTS_PER_PAGE = 1000;

type Page = { limit?: number; cursor?: string; smart?: SmartRankOptions; hostRows?: readonly HostRow[] };

/** The next page's cursor: the start of its first slot (opaque to callers). */
const encodeCursor = (start: number) => Buffer.from(JSON.stringify({ s: start })).toString('base64url');

function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { s } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof s === 'number' && Number.isSafeInteger(s)) return s;
  } catch {
    // falls through to the error
  }
  throw invalidField('cursor', 'not a cursor from this listing; start again without one');
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return MAX_SLOTS_PER_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SLOTS_PER_PAGE) throw invalidField('limit', `expected 1 to ${MAX_SLOTS_PER_PAGE}`);
  return limit;
}

/**
 * The sorted usernames of a slot's hosts, sorted once per set of hosts: a month of round-robin
 * slots has thousands of slots but few distinct sets of free hosts. The sets are found in a trie
 * over the host ids in the engine's order (no key string built per slot); slots of one set share
 * the (read-only) array.
 */
function sortedNames(hosts: ReadonlyArray<{ id: string; username: string }>): (hostIds: readonly string[]) => string[] {
  type Node = { next: Map<string, Node>; sorted?: string[] };
  const names = new Map(hosts.map((h) => [h.id, h.username]));
  const root: Node = { next: new Map() };
  return (hostIds) => {
    let node = root;
    for (const id of hostIds) {
      let child = node.next.get(id);
      if (!child) {
        child = { next: new Map() };
        node.next.set(id, child);
      }
      node = child;
    }
    node.sorted ??= hostIds.map((id) => names.get(id)!).sort();
    return node.sorted;
  };
}

async function computeSlotList(db: Knex, rules: SlotRules, hostIds: string[], range: { start: number; end: number }, timezone: string, page: Page, now: number): Promise<SlotList> {
  const limit = pageLimit(page.limit);
  const startingAt = decodeCursor(page.cursor);
  const { slots, hosts, candidates } = await computeSlots(db, { rules, hostIds, range, now, page: { startingAt, maxSlots: limit + 1 }, hostRows: page.hostRows });
  const hostNames = sortedNames(hosts);
  const iso = createIsoFormatter();
  const free = slots.map((s) => ({ start: iso(s.start), end: iso(s.end), hosts: hostNames(s.hostIds) }));
  // Group event types: open sessions with seats left are offered too (core/booking/sessionSlots.ts).
  const seated = rules.seatsTotal ? await mergeOpenSessions(db, rules, free, { range, now, startingAt, cutoff: slots.length > limit ? slots[limit]!.start : undefined }) : null;
  const listed = seated ? seated.slots : free;
  return {
    timezone,
    slots: listed.slice(0, limit),
    nextCursor: listed.length > limit ? encodeCursor(Date.parse(listed[limit]!.start)) : null,
    candidates,
    ...(seated ? { full: seated.full } : {}),
  };
}

const MINUTE_MS = 60_000;

/**
 * The slot list, through the cache when there is one (REDIS_URL). A cached list is computed as
 * of the minute's start and keyed by the hosts' data versions; slots that have since come within
 * the minimum notice are dropped, so it never offers more than a fresh computation would.
 * `replica` reads busy time from DATABASE_READ_URL when there is one.
 */
async function slotsFor(ctx: SchedulingContext, rules: SlotRules, hostIds: string[], range: { start: number; end: number }, timezone: string, page: Page & { consistency?: Consistency }): Promise<SlotList> {
  const now = ctx.clock.now().getTime();
  const db = page.consistency === 'replica' && ctx.readDb ? ctx.readDb : ctx.db;
  if (page.smart) return computeRankedSlotList(db, { rules, hostIds, range, timezone, limit: pageLimit(page.limit), now }, page.smart);
  if (!ctx.slotCache) return computeSlotList(db, rules, hostIds, range, timezone, page, now);
  const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const key = { rules, range, timezone, minute, limit: page.limit ?? null, cursor: page.cursor ?? null };
  const list = await ctx.slotCache.cached(hostIds, key, () => computeSlotList(db, rules, hostIds, range, timezone, page, minute), db);
  const earliest = now + rules.minimumNoticeMinutes * MINUTE_MS;
  return { ...list, slots: list.slots.filter((s) => Date.parse(s.start) >= earliest) };
}

/**
 * Bookable slots of an event type between two dates (in `timezone`, `to` inclusive; default
 * a week from today). Non-public event types are visible to their hosts only. A collective or
 * group event type whose named hosts have not all accepted lists none (`awaitingHosts`).
 * Throws user_not_found, team_not_found, event_type_not_found, validation_failed (zone, dates, range > 62 days).
 *
 * @example listSlots(ctx, { user: 'ada', eventType: 'intro', from: '2026-11-25', to: '2026-11-26', timezone: 'Europe/Paris' })
 */
export async function listSlots(ctx: SchedulingContext, input: ListSlotsInput): Promise<SlotList> {
  const { db } = ctx;
  if (!input.user && !input.team) throw invalidField('user', 'give user or team');
  // The hosts' rows come with the event type, except through the cache (it reads the hosts'
  // data versions first and the rows after them, so a list is never cached under a newer
  // version) and from a replica (the event type is read on the primary; hosts and busy time
  // must come from one database).
  const withHostRows = !ctx.slotCache && !(input.consistency === 'replica' && ctx.readDb);
  const row = await requireEventTypeBySlug(db, input.team ? { team: input.team } : { user: input.user! }, input.eventType, { withHostRows });
  const hostIds = await listEventTypeHostIds(db, row);
  if (!row.is_public && !(input.viewerUserId && (hostIds.includes(input.viewerUserId) || (await canManageEventType(db, input.viewerUserId, row)) || (await canBookForTeam(db, row, input.viewerUserId))))) {
    throw new DomainError('event_type_not_found', `No event type "${input.eventType}"`);
  }
  const hostRows = withHostRows ? hostRowsOf(hostIds, row.host_rows) : undefined;
  const zoneOwner = row.owner_user_id ?? hostIds[0]!;
  const timezone = requireTimeZone(input.timezone ?? (hostRows?.find((h) => h.id === zoneOwner) ?? (await requireUserById(db, zoneOwner))).timezone);
  const range = resolveDateRange({ from: input.from, to: input.to, timezone }, ctx.clock.now().getTime());
  if (await isAwaitingHosts(db, row)) return { timezone, slots: [], nextCursor: null, candidates: 0, awaitingHosts: true };
  return slotsFor(ctx, rulesOfEventType(row), hostIds, range, timezone, { ...input, hostRows });
}

/**
 * Slots of `durationMinutes` when every named user is free (their working hours, bookings and
 * calendars). Throws user_not_found, validation_failed.
 *
 * @example listCommonSlots(ctx, { usernames: ['ada', 'bob'], durationMinutes: 30, from: '2026-11-25', to: '2026-11-26', timezone: 'Europe/Berlin' })
 */
export async function listCommonSlots(ctx: SchedulingContext, input: ListCommonSlotsInput): Promise<SlotList> {
  requireDurationMinutes(input.durationMinutes);
  const users = await requireUsersByUsername(ctx.db, input.usernames);
  if (users.length === 0) throw invalidField('users', 'name at least one user');
  const timezone = requireTimeZone(input.timezone ?? users[0]!.timezone);
  const range = resolveDateRange({ from: input.from, to: input.to, timezone }, ctx.clock.now().getTime());
  return slotsFor(ctx, adHocRules(input.durationMinutes, users.length, input.stepMinutes ?? null), users.map((u) => u.id), range, timezone, input);
}
