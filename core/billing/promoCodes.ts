/**
 * Promo codes a host creates for their paid event types: a percentage or a fixed amount off,
 * for one event type or all of theirs, within a validity window, up to a number of uses.
 * Redeeming one is ./redeemPromoCode.ts.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError, PG, sqlState } from '../errors.js';
import { UUID_RE } from '../booking/records.js';
import type { PlanGuard } from './planGuard.js';

export interface PromoCodeInput {
  code: string;
  percentOff?: number;
  amountOffMinor?: number;
  currency?: string;
  /** Only this event type (one of the host's or their team's); absent: all the host's event types. */
  eventTypeId?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  maxUses?: number | null;
}

export interface PromoCode {
  id: string;
  code: string;
  percentOff: number | null;
  amountOffMinor: number | null;
  currency: string | null;
  eventTypeId: string | null;
  validFrom: string | null;
  validUntil: string | null;
  maxUses: number | null;
  uses: number;
  disabled: boolean;
  createdAt: string;
}

export interface PromoCodeRow {
  id: string;
  owner_user_id: string;
  code: string;
  percent_off: number | null;
  amount_off_minor: number | null;
  currency: string | null;
  event_type_id: string | null;
  valid_from: Date | string | null;
  valid_until: Date | string | null;
  max_uses: number | null;
  uses: number;
  disabled_at: Date | string | null;
  created_at: Date | string;
}

export const PROMO_CODE_RE = /^[A-Za-z0-9_-]{3,32}$/;

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

export function presentPromoCode(row: PromoCodeRow): PromoCode {
  return {
    id: row.id,
    code: row.code,
    percentOff: row.percent_off,
    amountOffMinor: row.amount_off_minor,
    currency: row.currency,
    eventTypeId: row.event_type_id,
    validFrom: iso(row.valid_from),
    validUntil: iso(row.valid_until),
    maxUses: row.max_uses,
    uses: Number(row.uses),
    disabled: row.disabled_at !== null,
    createdAt: iso(row.created_at)!,
  };
}

const invalid = (field: string, message: string) => new DomainError('validation_failed', message, { errors: [{ field, message }] });

function checkInput(input: PromoCodeInput): void {
  if (!PROMO_CODE_RE.test(input.code)) throw invalid('code', 'use 3–32 letters, digits, "-" or "_"');
  if ((input.percentOff === undefined) === (input.amountOffMinor === undefined)) throw invalid('percentOff', 'give either percentOff or amountOffMinor');
  if (input.amountOffMinor !== undefined && !input.currency) throw invalid('currency', 'an amount off needs its ISO currency');
  if (input.validFrom && input.validUntil && new Date(input.validFrom) >= new Date(input.validUntil)) throw invalid('validUntil', 'must be after validFrom');
}

/** Throws event_type_not_found unless the event type is the user's or one of their teams'. */
async function requireOwnEventTypeId(db: Knex, userId: string, eventTypeId: string): Promise<void> {
  const row = await db('event_types')
    .where({ id: eventTypeId })
    .whereNull('archived_at')
    .where((q) => q.where({ owner_user_id: userId }).orWhereIn('team_id', db('team_members').where({ user_id: userId }).select('team_id')))
    .first('id');
  if (!row) throw new DomainError('event_type_not_found', 'No such event type of yours', { details: { eventTypeId } });
}

export interface PromoCodeContext {
  db: Knex;
  clock: Clock;
  plans: PlanGuard;
}

/**
 * Creates a promo code (needs a plan with payments). Codes are unique per host, compared
 * case-insensitively. Throws plan_required, validation_failed, event_type_not_found, conflict.
 *
 * @example createPromoCode(ctx, userId, { code: 'SPRING', percentOff: 20, maxUses: 3 })
 */
export async function createPromoCode(ctx: PromoCodeContext, userId: string, input: PromoCodeInput): Promise<PromoCode> {
  checkInput(input);
  await ctx.plans.requireFeature(ctx.db, userId, 'payments');
  if (input.eventTypeId) await requireOwnEventTypeId(ctx.db, userId, input.eventTypeId);
  try {
    const [row]: PromoCodeRow[] = await ctx.db('promo_codes')
      .insert({
        owner_user_id: userId,
        code: input.code,
        percent_off: input.percentOff ?? null,
        amount_off_minor: input.amountOffMinor ?? null,
        currency: input.amountOffMinor !== undefined ? input.currency!.toUpperCase() : null,
        event_type_id: input.eventTypeId ?? null,
        valid_from: input.validFrom ?? null,
        valid_until: input.validUntil ?? null,
        max_uses: input.maxUses ?? null,
        created_at: ctx.clock.now(),
      })
      .returning('*');
    return presentPromoCode(row!);
  } catch (error) {
    if (sqlState(error) === PG.uniqueViolation) throw new DomainError('conflict', `You already have a promo code "${input.code}"`, { errors: [{ field: 'code', message: 'already exists' }] });
    throw error;
  }
}

/** The user's promo codes, newest first. */
export async function listPromoCodes(ctx: PromoCodeContext, userId: string): Promise<PromoCode[]> {
  const rows: PromoCodeRow[] = await ctx.db('promo_codes').where({ owner_user_id: userId }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]);
  return rows.map(presentPromoCode);
}

/** Disables a code for good (bookings that used it keep their discount). Throws not_found. */
export async function disablePromoCode(ctx: PromoCodeContext, userId: string, id: string): Promise<PromoCode> {
  if (!UUID_RE.test(id)) throw new DomainError('not_found', 'No such promo code of yours', { details: { id } });
  const rows: PromoCodeRow[] = await ctx.db('promo_codes')
    .where({ id, owner_user_id: userId })
    .update({ disabled_at: ctx.db.raw('coalesce(disabled_at, ?)', [ctx.clock.now()]) })
    .returning('*');
  if (!rows[0]) throw new DomainError('not_found', 'No such promo code of yours', { details: { id } });
  return presentPromoCode(rows[0]);
}

/** Whether a booking of the event type can use a code: it has a price, and a code for it (or for all its owner's) is live. */
export async function acceptsPromoCodes(db: Knex, eventTypeId: string, now: Date): Promise<boolean> {
  const eventType = await db('event_types').where({ id: eventTypeId }).first('owner_user_id', 'price_minor');
  if (!eventType || !eventType.price_minor) return false;
  const live = await db('promo_codes')
    .where((q) => {
      q.where({ event_type_id: eventTypeId });
      if (eventType.owner_user_id) q.orWhere((o) => o.whereNull('event_type_id').where({ owner_user_id: eventType.owner_user_id }));
    })
    .whereNull('disabled_at')
    .where((q) => q.whereNull('valid_until').orWhere('valid_until', '>', now))
    .where((q) => q.whereNull('max_uses').orWhereRaw('uses < max_uses'))
    .first('id');
  return Boolean(live);
}
