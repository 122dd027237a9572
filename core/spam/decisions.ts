/** The spam log: one row per booking attempt the check saw, with its decision and reasons. */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import type { SpamDecision, SpamReason } from './score.js';

export interface DecisionRecord {
  id: string;
  at: string;
  decision: SpamDecision;
  reasons: SpamReason[];
  email: string;
  address: string | null;
  network: string | null;
  source: string;
  eventTypeId: string | null;
  bookingId: string | null;
  appeal: { message: string; at: string } | null;
}

interface DecisionRow {
  id: string | number;
  at: Date;
  decision: SpamDecision;
  reasons: SpamReason[] | string;
  email: string;
  address: string | null;
  network: string | null;
  source: string;
  event_type_id: string | null;
  booking_id: string | null;
  appeal_message: string | null;
  appealed_at: Date | null;
}

const toRecord = (r: DecisionRow): DecisionRecord => ({
  id: String(r.id),
  at: new Date(r.at).toISOString(),
  decision: r.decision,
  reasons: typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons,
  email: r.email,
  address: r.address,
  network: r.network,
  source: r.source,
  eventTypeId: r.event_type_id,
  bookingId: r.booking_id,
  appeal: r.appeal_message ? { message: r.appeal_message, at: new Date(r.appealed_at!).toISOString() } : null,
});

/** Attempts since `since` from the address, the network and with the e-mail (this one not included). */
export async function countRecentAttempts(db: Knex, probe: { address: string | null; network: string | null; email: string; since: Date }): Promise<{ address: number; network: number; email: number }> {
  const { rows } = await db.raw<{ rows: Array<{ address: number | string; network: number | string; email: number | string }> }>(
    `SELECT count(*) FILTER (WHERE address = ?) AS address, count(*) FILTER (WHERE network = ?) AS network, count(*) FILTER (WHERE email = ?) AS email
       FROM spam_decisions WHERE at > ? AND (address = ? OR network = ? OR email = ?)`,
    [probe.address, probe.network, probe.email, probe.since, probe.address, probe.network, probe.email],
  );
  const r = rows[0]!;
  return { address: Number(r.address), network: Number(r.network), email: Number(r.email) };
}

export interface NewDecision {
  at: Date;
  decision: SpamDecision;
  reasons: SpamReason[];
  email: string;
  address: string | null;
  network: string | null;
  source: string;
  eventTypeId: string | null;
  appealTokenHash?: string | null;
}

export async function insertDecision(db: Knex, d: NewDecision): Promise<string> {
  const [row] = await db('spam_decisions')
    .insert({ at: d.at, decision: d.decision, reasons: JSON.stringify(d.reasons), email: d.email, address: d.address, network: d.network, source: d.source, event_type_id: d.eventTypeId, appeal_token_hash: d.appealTokenHash ?? null })
    .returning('id');
  return String(row.id);
}

export interface ListDecisionsOptions {
  decision?: SpamDecision;
  email?: string;
  limit?: number;
  /** Rows with an id below this (the previous page's nextCursor). */
  before?: string;
}

/** Newest first, with a cursor for the next page. */
export async function listDecisions(db: Knex, options: ListDecisionsOptions): Promise<{ decisions: DecisionRecord[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const q = db('spam_decisions').orderBy('id', 'desc').limit(limit + 1);
  if (options.decision) q.where({ decision: options.decision });
  if (options.email) q.where({ email: options.email.toLowerCase() });
  if (options.before && /^\d+$/.test(options.before)) q.where('id', '<', options.before);
  const rows: DecisionRow[] = await q.select('*');
  const page = rows.slice(0, limit).map(toRecord);
  return { decisions: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

/** Stores the booker's appeal on the decision its link names. Throws not_found. */
export async function recordAppeal(db: Knex, tokenHash: string, message: string, now: Date): Promise<void> {
  const [row] = await db('spam_decisions').where({ appeal_token_hash: tokenHash }).update({ appeal_message: message, appealed_at: now }).returning('id');
  if (!row) throw new DomainError('not_found', 'This appeal link is not valid');
}
