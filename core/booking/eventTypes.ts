/**
 * Event types: what can be booked (duration, buffers, notice, horizon, limits, approval), owned by
 * a user or a team.
 */
import { recordSlugRename } from '../site/slugRedirects.js';
import { slotStepProblem } from '../availability/slotStep.js';
import { openPlanGuard } from '../billing/planGuard.js';
import { DomainError, PG, constraintName, sqlState } from '../errors.js';
import { requireTeamPermission } from '../teams/policy.js';
import type { SchedulingContext } from './context.js';
import { requireOwnEventType, resolveTeamHostIds, setEventTypeHosts } from './eventTypeHosts.js';
import { namePersonalHosts, requireNoInvitationsOnOneOnOne } from './hostInvitations.js';
import { invalidField } from './inputs.js';
import { listEventTypeHostIds, presentEventTypes, requireEventTypeBySlug, requireTeamBySlug, type EventTypeRow } from './records.js';
import type { EventKind, EventTypeDetails } from './types.js';
import { priceColumns, priceOfRow, type EventTypePriceInput } from '../payments/eventTypePrice.js';
import { requireUnpricedGroup } from './paidGroups.js';

export interface EventTypeInput {
  slug: string;
  title: string;
  description?: string | null;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  minimumNoticeMinutes?: number;
  slotStepMinutes?: number | null;
  maxDaysAhead?: number | null;
  dailyLimit?: number | null;
  requiresApproval?: boolean;
  /** Approval only for first-time invitees (no earlier scheduled or completed booking with the host). */
  requiresApprovalForNewInvitees?: boolean;
  pendingHoldsSlot?: boolean;
  conflictRepair?: 'propose' | 'automatic';
  kind?: EventKind;
  location?: string | null;
  isPublic?: boolean;
  /** Invitees may book a series (default false), of at most `seriesMaxOccurrences` meetings (2–104, default 12). */
  allowsSeries?: boolean;
  seriesMaxOccurrences?: number;
  /** Attendees per session: required for kind `group`, refused for other kinds. */
  seats?: number | null;
  /**
   * Usernames of the hosts; default: the owner (personal) or every member (team). On a personal
   * event type the owner always hosts, and anyone else named is invited and hosts once they accept.
   */
  hosts?: string[];
  /** Makes it a team event type; the caller must be a member. */
  teamSlug?: string;
  /** A paid event type (null: free). Needs the provider configured (not_configured names the variables). */
  price?: EventTypePriceInput | null;
}

export type EventTypePatch = Partial<Omit<EventTypeInput, 'teamSlug'>>;

/** Lower-case letters, digits and inner "-", 1–64 characters: the slug rule of event types and teams. */
export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const COLUMNS: Record<keyof EventTypePatch, string | null> = {
  slug: 'slug', title: 'title', description: 'description', durationMinutes: 'duration_minutes',
  bufferBeforeMinutes: 'buffer_before_minutes', bufferAfterMinutes: 'buffer_after_minutes',
  minimumNoticeMinutes: 'minimum_notice_minutes', slotStepMinutes: 'slot_step_minutes', maxDaysAhead: 'max_days_ahead',
  dailyLimit: 'daily_limit', requiresApproval: 'requires_approval', pendingHoldsSlot: 'pending_holds_slot', kind: 'kind',
  location: 'location', isPublic: 'is_public', seats: 'seats', hosts: null, price: null,
  allowsSeries: 'allows_series', seriesMaxOccurrences: 'series_max_occurrences',
  requiresApprovalForNewInvitees: 'approval_for_new_invitees', conflictRepair: 'conflict_repair',
};

/** The columns a patch sets (undefined fields are left alone; hosts live in their own table). */
function toColumns(input: EventTypePatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = input[key as keyof EventTypePatch];
    if (column && value !== undefined) out[column] = key === 'slug' && typeof value === 'string' ? value.toLowerCase() : value;
  }
  if (input.price !== undefined) Object.assign(out, priceColumns(input.price));
  return out;
}

function mapSlugConflict(error: unknown, slug: string | undefined): never {
  if (sqlState(error) === PG.uniqueViolation && (constraintName(error) ?? '').includes('slug')) {
    throw new DomainError('slug_taken', `The slug "${slug}" is already used; choose another`, { errors: [{ field: 'slug', message: 'already taken' }] });
  }
  throw error;
}

/** A price needs its provider configured. Throws not_configured naming the variables to set. */
function requirePaymentsFor(ctx: SchedulingContext, provider: 'stripe' | 'paypal'): void {
  if (!ctx.payments) throw new DomainError('not_configured', 'Payments are not available in this process');
  ctx.payments.requirePaidEventTypeAllowed(provider);
}

/** Throws validation_failed (field slotStepMinutes) for a step finer than the duration allows. */
function requireSlotStep(durationMinutes: number, slotStepMinutes: number | null | undefined): void {
  const problem = slotStepProblem(durationMinutes, slotStepMinutes);
  if (problem) throw invalidField('slotStepMinutes', problem);
}

/** The most seats one group session may have. */
export const MAX_SEATS = 10_000;

/**
 * Throws validation_failed unless the seats fit the kind: a `group` event type has 1 to
 * MAX_SEATS seats and books instantly; other kinds have no seats.
 */
function requireSeatRules({ kind, seats, requiresApproval }: { kind: EventKind; seats: number | null; requiresApproval: boolean }): void {
  if (kind !== 'group') {
    if (seats !== null) throw invalidField('seats', 'only a group event type has seats; set kind to group, or leave seats out');
    return;
  }
  if (seats === null) throw invalidField('seats', `a group event type needs seats: how many attendees one session takes (1 to ${MAX_SEATS})`);
  if (!Number.isInteger(seats) || seats < 1 || seats > MAX_SEATS) throw invalidField('seats', `expected a whole number from 1 to ${MAX_SEATS}`);
  if (requiresApproval) throw invalidField('requiresApproval', 'a group event type seats people instantly; approval is for the other kinds');
}

/** Series are booked on one host's own calendar: a group (seats) or round-robin event type cannot offer them. */
function requireSeriesKind(kind: EventKind, allowsSeries: boolean): void {
  if (allowsSeries && (kind === 'group' || kind === 'round_robin')) throw invalidField('allowsSeries', `a ${kind.replace('_', '-')} event type cannot be booked as a series; set allowsSeries to false`);
}

/**
 * Creates an event type owned by the user, or by `teamSlug`'s team (caller must be allowed
 * `manage_event_types`). Throws validation_failed (also for seats that do not fit the kind, and a price on a group), slug_taken, team_not_found, user_not_found (unknown host), forbidden,
 * plan_required (the user's plan allows no more event types, or no teams).
 *
 * @example createEventType(ctx, userId, { slug: 'intro', title: 'Intro', durationMinutes: 30 })
 */
export async function createEventType(ctx: SchedulingContext, userId: string, input: EventTypeInput): Promise<EventTypeDetails> {
  const slug = input.slug.toLowerCase();
  if (!SLUG_RE.test(slug)) throw invalidField('slug', 'use lower-case letters, digits and "-"');
  const kind = input.kind ?? 'one_on_one';
  requireSlotStep(input.durationMinutes, input.slotStepMinutes);
  if (input.price) requirePaymentsFor(ctx, input.price.provider);
  requireSeatRules({ kind, seats: input.seats ?? null, requiresApproval: input.requiresApproval ?? false });
  requireUnpricedGroup(kind, Boolean(input.price));
  requireSeriesKind(kind, input.allowsSeries ?? false);
  try {
    const id = await ctx.db.transaction(async (trx) => {
      let teamId: string | null = null;
      if (input.teamSlug) {
        const team = await requireTeamBySlug(trx, input.teamSlug);
        await requireTeamPermission(trx, team, userId, 'manage_event_types');
        teamId = team.id;
      }
      await (ctx.plans ?? openPlanGuard).beforeCreateEventType(trx, userId, { team: teamId !== null, paid: Boolean(input.price) });
      const teamHostIds = teamId ? await resolveTeamHostIds(trx, teamId, kind, input.hosts) : null;
      const now = ctx.clock.now();
      const [row]: EventTypeRow[] = await trx('event_types')
        .insert({ ...toColumns({ ...input, kind }), owner_user_id: teamId ? null : userId, team_id: teamId, created_at: now, updated_at: now })
        .returning('*');
      // Team members host by their role; anyone else named on a personal event type is asked first.
      if (teamHostIds) await setEventTypeHosts(trx, row!.id, teamHostIds);
      else await namePersonalHosts(ctx, trx, row!, input.hosts ?? []);
      return row!.id;
    });
    return (await presentEventTypes(ctx.db, [(await ctx.db<EventTypeRow>('event_types').where({ id }).first())!]))[0]!;
  } catch (error) {
    mapSlugConflict(error, slug);
  }
}

/** The user's event types and those of their teams, by title. */
export async function listEventTypes(ctx: SchedulingContext, userId: string): Promise<EventTypeDetails[]> {
  const { db } = ctx;
  const rows: EventTypeRow[] = await db('event_types')
    .whereNull('archived_at')
    .where((q) => q.where({ owner_user_id: userId }).orWhereIn('team_id', db('team_members').where({ user_id: userId }).select('team_id')))
    .orderBy([{ column: 'title' }, { column: 'id' }]);
  return presentEventTypes(db, rows);
}

/** One of the user's event types. Throws event_type_not_found (also when it is not the user's). */
export async function getEventType(ctx: SchedulingContext, userId: string, id: string): Promise<EventTypeDetails> {
  return (await presentEventTypes(ctx.db, [await requireOwnEventType(ctx.db, userId, id, 'view')]))[0]!;
}

/** The public view of an event type by owner and slug. Throws user_not_found, team_not_found, event_type_not_found. */
export async function findEventType(ctx: SchedulingContext, owner: { user: string } | { team: string }, slug: string): Promise<EventTypeDetails> {
  const row = await requireEventTypeBySlug(ctx.db, 'team' in owner ? { team: owner.team } : { user: owner.user }, slug);
  return (await presentEventTypes(ctx.db, [row]))[0]!;
}

/**
 * Changes fields; `hosts` replaces the host list (personal: the owner always hosts, newly named
 * users are invited, those left out lose their invitation or stop hosting). Throws
 * event_type_not_found, validation_failed, slug_taken, user_not_found, plan_required (a price on
 * a plan without payments).
 */
export async function updateEventType(ctx: SchedulingContext, userId: string, id: string, patch: EventTypePatch): Promise<EventTypeDetails> {
  if (patch.slug !== undefined && !SLUG_RE.test(patch.slug.toLowerCase())) throw invalidField('slug', 'use lower-case letters, digits and "-"');
  if (patch.price) requirePaymentsFor(ctx, patch.price.provider);
  try {
    await ctx.db.transaction(async (trx) => {
      const row = await requireOwnEventType(trx, userId, id);
      // Setting or changing a price is what the plan's `payments` feature allows (removing one is always fine).
      if (patch.price) await (ctx.plans ?? openPlanGuard).requireFeature(trx, userId, 'payments');
      const kind = patch.kind ?? (row.kind as EventKind);
      if (patch.kind !== undefined || patch.seats !== undefined || patch.requiresApproval !== undefined) {
        requireSeatRules({ kind, seats: patch.seats !== undefined ? patch.seats : (row.seats ?? null), requiresApproval: patch.requiresApproval ?? row.requires_approval });
      }
      if (patch.kind !== undefined || patch.price !== undefined) requireUnpricedGroup(kind, patch.price !== undefined ? Boolean(patch.price) : priceOfRow(row) !== null);
      if (patch.kind !== undefined || patch.allowsSeries !== undefined) requireSeriesKind(kind, patch.allowsSeries ?? Boolean(row.allows_series));
      if (patch.durationMinutes !== undefined || patch.slotStepMinutes !== undefined) {
        requireSlotStep(patch.durationMinutes ?? row.duration_minutes, patch.slotStepMinutes !== undefined ? patch.slotStepMinutes : row.slot_step_minutes);
      }
      const columns = toColumns(patch);
      if (Object.keys(columns).length) await trx('event_types').where({ id }).update({ ...columns, updated_at: ctx.clock.now() });
      // Links to the old slug keep working (a 301 on the booking page).
      if (typeof columns.slug === 'string') await recordSlugRename(trx, row, row.slug, columns.slug);
      if (row.team_id && (patch.hosts !== undefined || patch.kind !== undefined)) {
        const hostIds = patch.hosts !== undefined ? await resolveTeamHostIds(trx, row.team_id, kind, patch.hosts) : await listEventTypeHostIds(trx, row);
        if (kind === 'one_on_one' && hostIds.length !== 1) throw invalidField('hosts', 'a one_on_one event type has exactly one host');
        await setEventTypeHosts(trx, id, hostIds);
      } else if (!row.team_id) {
        // As patched, so an invitation names the new title and checks the new kind.
        if (patch.hosts !== undefined) await namePersonalHosts(ctx, trx, (await trx<EventTypeRow>('event_types').where({ id }).first())!, patch.hosts);
        if (patch.kind !== undefined) {
          if (kind === 'one_on_one' && (await listEventTypeHostIds(trx, row)).length !== 1) throw invalidField('hosts', 'a one_on_one event type has exactly one host');
          await requireNoInvitationsOnOneOnOne(trx, id, kind);
        }
      }
    });
  } catch (error) {
    mapSlugConflict(error, patch.slug);
  }
  return getEventType(ctx, userId, id);
}

/** Archives the event type (its bookings stay). Throws event_type_not_found. */
export async function deleteEventType(ctx: SchedulingContext, userId: string, id: string): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    await requireOwnEventType(trx, userId, id);
    await trx('event_types').where({ id }).update({ archived_at: ctx.clock.now(), updated_at: ctx.clock.now() });
  });
}
