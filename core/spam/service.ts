/**
 * Spam and fraud defence for public bookings: every attempt from the booking page or the
 * public API is screened before it books (allow | challenge | block), and every decision is
 * logged with its reasons. Screening happens before a booking exists, so it never cancels one:
 * a booker banned later keeps the meetings (paid or not) they already have.
 */
import type { Knex } from 'knex';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { type AuditContext, recordAudit } from '../admin/audit.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { listEventTypeHostIds, requireEventTypeBySlug } from '../booking/records.js';
import type { ScheduleBookingResult } from '../booking/scheduleBooking.js';
import type { ScheduleSeriesResult } from '../booking/series/scheduleSeries.js';
import type { BookingService } from '../booking/service.js';
import { addAutomaticBan, addBlockEntry, type BlockEntry, type NewBlockEntry, listBlockEntries, removeBlockEntry } from './blocklist.js';
import { claimChallenge, completeChallenge, createChallenge, type PendingBooking, releaseChallenge } from './challenges.js';
import { insertDecision, listDecisions, type ListDecisionsOptions, recordAppeal } from './decisions.js';
import { gatherSignals, type MxResolver, systemMxResolver } from './gather.js';
import { networkOf, normaliseAddress } from './network.js';
import { BANNING, scoreBooking, type SpamDecision, type SpamPolicy, type SpamReason } from './score.js';

export type SpamConfig = Pick<Config, 'SPAM_CHECK' | 'SPAM_MX_CHECK' | 'SPAM_BURST_WINDOW_SECONDS' | 'SPAM_BURST_PER_ADDRESS' | 'SPAM_BURST_PER_NETWORK' | 'SPAM_BURST_PER_EMAIL' | 'SPAM_MIN_FORM_SECONDS' | 'SPAM_NO_SHOW_LIMIT' | 'SPAM_BAN_MINUTES' | 'SPAM_CHALLENGE_MINUTES' | 'publicUrl' | 'OUTBOX_MAX_ATTEMPTS'>;

type BookingRunner = Pick<BookingService, 'scheduleBooking' | 'scheduleSeries'>;

/** What a confirmed challenge booked. */
export type ConfirmedBooking = { kind: 'booking'; result: ScheduleBookingResult } | { kind: 'series'; result: ScheduleSeriesResult };

export interface CreateSpamServiceOptions {
  db: Knex;
  clock: Clock;
  config: SpamConfig;
  booking: BookingRunner;
  /** DNS MX lookups (SPAM_MX_CHECK=on); tests pass their own. */
  resolveMx?: MxResolver;
}

/** One booking attempt at a public door. */
export interface BookingAttempt {
  pending: PendingBooking;
  /** The client's address (ctx.ip). */
  address: string | null;
  /** booking_page or api. */
  source: string;
  /** The booking page's hidden field: a person leaves it empty. */
  honeypot?: string | null;
  /** Seconds the booking page's form was open; null elsewhere. */
  formSeconds?: number | null;
}

export type ScreenResult = { decision: 'allow'; decisionId: string | null } | { decision: 'challenge'; decisionId: string; expiresAt: string };

/** The path of the page an appeal link opens. */
export const APPEAL_PAGE = '/appeal';

/** Blocked bookers all read this, whatever the reason (the reason is for the admin log only). */
export function refusal(appealUrl: string): DomainError {
  return new DomainError('booking_refused', `This booking could not be completed. If you think this is a mistake, tell us at ${appealUrl}`, { details: { appealUrl } });
}

export function createSpamService({ db, clock, config, booking, resolveMx }: CreateSpamServiceOptions) {
  const policy: SpamPolicy = {
    burstWindowSeconds: config.SPAM_BURST_WINDOW_SECONDS,
    burstPerAddress: config.SPAM_BURST_PER_ADDRESS,
    burstPerNetwork: config.SPAM_BURST_PER_NETWORK,
    burstPerEmail: config.SPAM_BURST_PER_EMAIL,
    minFormSeconds: config.SPAM_MIN_FORM_SECONDS,
    noShowLimit: config.SPAM_NO_SHOW_LIMIT,
  };
  const challengeDeps = { clock, publicUrl: config.publicUrl, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, ttlMinutes: config.SPAM_CHALLENGE_MINUTES };

  /** Bursts ban their source (address, network or e-mail) for SPAM_BAN_MINUTES, unless it is banned already. */
  async function banFor(trx: Knex.Transaction, reasons: SpamReason[], who: { email: string; address: string | null; network: string | null }, now: Date): Promise<void> {
    const expiresAt = new Date(now.getTime() + config.SPAM_BAN_MINUTES * 60_000);
    for (const r of reasons.filter((x) => BANNING.has(x.code))) {
      const target: Pick<NewBlockEntry, 'kind' | 'value'> | null = r.code === 'burst_email' ? { kind: 'email', value: who.email } : r.code === 'burst_network' ? (who.network ? { kind: 'network', value: who.network } : null) : who.address ? { kind: 'network', value: who.address } : null;
      if (target) await addAutomaticBan(trx, { ...target, reason: `automatic: ${r.detail}`, expiresAt }, now);
    }
  }

  async function decide(attempt: BookingAttempt) {
    const input = attempt.pending.input;
    const eventType = await requireEventTypeBySlug(db, input.team ? { team: input.team } : { user: input.user ?? '' }, input.eventType);
    const hostIds = await listEventTypeHostIds(db, eventType);
    const address = attempt.address ? normaliseAddress(attempt.address) : null;
    const network = address ? networkOf(address) : null;
    const now = clock.now();
    const facts = { email: input.invitee.email, name: input.invitee.name, notes: input.notes ?? null, address, network, hostIds, honeypot: attempt.honeypot ?? null, formSeconds: attempt.formSeconds ?? null, now, windowSeconds: policy.burstWindowSeconds, mx: config.SPAM_MX_CHECK ? (resolveMx ?? systemMxResolver) : null };
    const signals = await gatherSignals(db, facts);
    return { ...scoreBooking(signals, policy), eventTypeId: eventType.id, email: signals.email, address, network, now };
  }

  /**
   * Screens an attempt and logs the decision. Allow: book it (then `attachBooking`). Challenge:
   * the request is stored and the booker e-mailed a confirmation link (nothing is held). Block:
   * throws booking_refused with a neutral message and an appeal link; bursts also ban their source.
   */
  async function screen(attempt: BookingAttempt): Promise<ScreenResult> {
    if (!config.SPAM_CHECK) return { decision: 'allow', decisionId: null };
    const d = await decide(attempt);
    const appealToken = d.decision === 'block' ? generateSecret('yava_ap_') : null;
    const row = { at: d.now, decision: d.decision as SpamDecision, reasons: d.reasons, email: d.email, address: d.address, network: d.network, source: attempt.source, eventTypeId: d.eventTypeId, appealTokenHash: appealToken ? hashSecret(appealToken) : null };
    const outcome = await db.transaction(async (trx) => {
      const decisionId = await insertDecision(trx, row);
      if (d.decision === 'block') await banFor(trx, d.reasons, d, d.now);
      if (d.decision !== 'challenge') return { decisionId, expiresAt: null };
      return { decisionId, expiresAt: (await createChallenge(trx, challengeDeps, decisionId, attempt.pending)).expiresAt };
    });
    if (appealToken) throw refusal(`${config.publicUrl}${APPEAL_PAGE}?ref=${encodeURIComponent(appealToken)}`);
    if (outcome.expiresAt) return { decision: 'challenge', decisionId: outcome.decisionId, expiresAt: outcome.expiresAt.toISOString() };
    return { decision: 'allow', decisionId: outcome.decisionId };
  }

  /** Books a challenged request from its e-mailed link. Throws link_revoked, and whatever booking throws. */
  async function confirmChallenge(token: string): Promise<ConfirmedBooking> {
    const claimed = await claimChallenge(db, token, clock.now());
    try {
      const { pending } = claimed;
      const out: ConfirmedBooking = pending.kind === 'series' ? { kind: 'series', result: await booking.scheduleSeries(pending.input) } : { kind: 'booking', result: await booking.scheduleBooking(pending.input) };
      const bookingId = out.kind === 'series' ? out.result.occurrences[0]?.booking.id : out.result.booking.id;
      if (bookingId) await completeChallenge(db, claimed.id, claimed.decisionId, bookingId);
      return out;
    } catch (error) {
      await releaseChallenge(db, claimed.id);
      throw error;
    }
  }

  return {
    screen,
    confirmChallenge,
    /** Links an allowed decision to the booking it let through (for the admin log). */
    async attachBooking(decisionId: string | null, bookingId: string): Promise<void> {
      if (decisionId) await db('spam_decisions').where({ id: decisionId }).update({ booking_id: bookingId });
    },
    listDecisions: (options: ListDecisionsOptions) => listDecisions(db, options),
    /** A blocked booker's appeal, read by admins beside the decision. Throws not_found. */
    appeal: (ref: string, message: string) => recordAppeal(db, hashSecret(ref), message.slice(0, 2000), clock.now()),
    ...blocklistOps(db, clock),
  };
}

/** The global list (admins, audited) and each host's own list. */
function blocklistOps(db: Knex, clock: Clock) {
  return {
    listGlobalBlocks: (all = false) => listBlockEntries(db, null, clock.now(), all),
    async addGlobalBlock(audit: AuditContext, entry: Omit<NewBlockEntry, 'ownerUserId' | 'createdByUserId'>): Promise<BlockEntry> {
      return db.transaction(async (trx) => {
        const added = await addBlockEntry(trx, { ...entry, ownerUserId: null, createdByUserId: audit.actorUserId }, clock.now());
        await recordAudit(trx, audit, { action: 'blocklist.add', targetType: 'blocklist', targetId: added.id, details: { kind: added.kind, value: added.value, reason: added.reason, expiresAt: added.expiresAt } }, clock.now());
        return added;
      });
    },
    async removeGlobalBlock(audit: AuditContext, id: string): Promise<BlockEntry> {
      return db.transaction(async (trx) => {
        const removed = await removeBlockEntry(trx, id, null);
        await recordAudit(trx, audit, { action: 'blocklist.remove', targetType: 'blocklist', targetId: id, details: { kind: removed.kind, value: removed.value } }, clock.now());
        return removed;
      });
    },
    listOwnBlocks: (userId: string, all = false) => listBlockEntries(db, userId, clock.now(), all),
    addOwnBlock: (userId: string, entry: Omit<NewBlockEntry, 'ownerUserId' | 'createdByUserId'>) => addBlockEntry(db, { ...entry, ownerUserId: userId, createdByUserId: userId }, clock.now()),
    removeOwnBlock: (userId: string, id: string) => removeBlockEntry(db, id, userId),
  };
}

export type SpamService = ReturnType<typeof createSpamService>;
