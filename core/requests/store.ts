import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Intent, PendingRequest } from '../nlp/index.js';
import type { MeetingQuestion, MeetingRequest, Proposal, RequestSource, RequestStatus } from './types.js';

/** How long proposed slots stay bookable, and how long a question waits for its answer. */
export const PROPOSAL_TTL_MS = 24 * 3_600_000;
export const QUESTION_TTL_MS = 15 * 60_000;

interface RequestRow {
  id: string;
  user_id: string;
  source: RequestSource;
  status: RequestStatus;
  text: string;
  timezone: string;
  reference_at: Date | string;
  intent: Intent | string;
  question: string | null;
  pending: PendingRequest | MeetingQuestion | string | null;
  proposal: Proposal | string | null;
  booking_id: string | null;
  expires_at: Date | string;
  created_at: Date | string;
}

/** A stored request with what only core needs to continue it. */
export interface StoredRequest extends MeetingRequest {
  /** The instant "tomorrow" and "now" were read against; answers are read against it too. */
  referenceAt: string;
  /** What the open question is about (core/nlp's clarify), to continue the request with the answer. */
  pending: PendingRequest | null;
  /** Instead, a question about changing one of the asker's meetings (voice's cancel and move). */
  about: MeetingQuestion | null;
}

/** What a step of the workflow writes back. */
export interface RequestUpdate {
  status: RequestStatus;
  text: string;
  intent: Intent;
  question: string | null;
  pending: PendingRequest | null;
  proposal: Proposal | null;
  about?: MeetingQuestion | null;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const iso = (value: Date | string): string => new Date(value).toISOString();

/**
 * The pending column holds what a question continues: core/nlp's clarification, or a question
 * about a meeting, told apart by its `kind`.
 */
function toStored(row: RequestRow): StoredRequest {
  const pending = row.pending === null ? null : json(row.pending);
  return {
    id: row.id,
    userId: row.user_id,
    source: row.source,
    status: row.status,
    text: row.text,
    timezone: row.timezone,
    intent: json(row.intent),
    question: row.question,
    proposal: row.proposal === null ? null : json(row.proposal),
    bookingId: row.booking_id,
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
    referenceAt: iso(row.reference_at),
    pending: pending?.kind === 'meeting' ? null : pending,
    about: pending?.kind === 'meeting' ? pending : null,
  };
}

/** Requests in the database, so any process can continue one (an answer, a pick). */
export function createRequestStore(db: Knex, clock: Clock) {
  const ttl = (status: RequestStatus) => new Date(clock.now().getTime() + (status === 'question' ? QUESTION_TTL_MS : PROPOSAL_TTL_MS));
  const columns = (update: RequestUpdate) => ({
    status: update.status,
    text: update.text,
    intent: JSON.stringify(update.intent),
    question: update.question,
    pending: update.about ? JSON.stringify(update.about) : update.pending ? JSON.stringify(update.pending) : null,
    proposal: update.proposal ? JSON.stringify(update.proposal) : null,
    expires_at: ttl(update.status),
    updated_at: clock.now(),
  });

  return {
    async insert(base: { userId: string; source: RequestSource; timezone: string; referenceAt: string }, update: RequestUpdate): Promise<StoredRequest> {
      const [row] = await db('meeting_requests')
        .insert({ user_id: base.userId, source: base.source, timezone: base.timezone, reference_at: base.referenceAt, created_at: clock.now(), ...columns(update) })
        .returning('*');
      return toStored(row as RequestRow);
    },

    async update(id: string, update: RequestUpdate): Promise<StoredRequest> {
      const [row] = await db('meeting_requests').where({ id }).update(columns(update)).returning('*');
      return toStored(row as RequestRow);
    },

    async find(id: string): Promise<StoredRequest | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const row = await db('meeting_requests').where({ id }).first<RequestRow | undefined>();
      return row ? toStored(row) : null;
    },

    /** The newest unanswered, unexpired question this person was asked through this door. */
    async findOpenQuestion(userId: string, source: RequestSource): Promise<StoredRequest | null> {
      const row = await db('meeting_requests')
        .where({ user_id: userId, source, status: 'question' })
        .where('expires_at', '>', clock.now())
        .orderBy('created_at', 'desc')
        .first<RequestRow | undefined>();
      return row ? toStored(row) : null;
    },

    /** Closes one request (its question was answered no, or what it asked about is done). */
    async close(id: string): Promise<void> {
      await db('meeting_requests').where({ id }).update({ status: 'closed', updated_at: clock.now() });
    },

    /** Leaves this person's open questions at this door (a new request replaces them). */
    async closeOpenQuestions(userId: string, source: RequestSource): Promise<void> {
      await db('meeting_requests').where({ user_id: userId, source, status: 'question' }).update({ status: 'closed', updated_at: clock.now() });
    },

    /** Takes a proposed request for booking; false when another pick holds or booked it. A hold older than a minute is stale (a crashed process). */
    async claim(id: string): Promise<boolean> {
      const stale = new Date(clock.now().getTime() - 60_000);
      const rows = await db('meeting_requests')
        .where({ id })
        .where((q) => q.where({ status: 'proposed' }).orWhere((s) => s.where({ status: 'booking' }).where('claimed_at', '<', stale)))
        .update({ status: 'booking', claimed_at: clock.now(), updated_at: clock.now() })
        .returning('id');
      return rows.length > 0;
    },

    /** Gives a claimed request back (the booking failed); `proposal` carries fresh slots when there are. */
    async release(id: string, proposal?: Proposal): Promise<void> {
      await db('meeting_requests')
        .where({ id, status: 'booking' })
        .update({ status: 'proposed', claimed_at: null, updated_at: clock.now(), ...(proposal ? { proposal: JSON.stringify(proposal) } : {}) });
    },

    async markBooked(id: string, bookingId: string): Promise<void> {
      await db('meeting_requests').where({ id }).update({ status: 'booked', booking_id: bookingId, updated_at: clock.now() });
    },
  };
}

export type RequestStore = ReturnType<typeof createRequestStore>;
