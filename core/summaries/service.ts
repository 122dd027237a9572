/**
 * Meeting summaries: a host attaches a transcript (text, WebVTT or SRT); the summary (LLM when
 * configured, else TextRank) is stored and e-mailed through the outbox to the attendees who
 * opted in, in one transaction. The LLM is asked before the transaction (no network call inside).
 */
import type { Knex } from 'knex';
import { refusalWithoutRole, resolveBookingIdFor, resolveRole } from '../booking/access.js';
import { hashSecret } from '../auth/secrets.js';
import { whereAttendeeIsUser } from '../auth/emailOwnership.js';
import type { BookingActor } from '../booking/types.js';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import type { LlmCallConfig } from '../intelligence/llmJson.js';
import type { LlmLogger } from '../nlp/llm.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import { renderSummaryEmail } from './email.js';
import type { ActionItem } from './extractive.js';
import { summarizeTranscript } from './summarize.js';
import { type TranscriptFormat, detectFormat } from './transcript.js';

export interface CreateSummaryServiceOptions {
  db: Knex;
  clock: Clock;
  llm: LlmCallConfig | null;
  logger?: LlmLogger;
  publicUrl: string;
  maxAttempts: number;
}

export interface StoredSummary {
  summary: string;
  highlights: string[];
  decisions: string[];
  actionItems: ActionItem[];
  method: 'llm' | 'extractive';
  llmFallbackReason: string | null;
  format: TranscriptFormat;
  version: number;
  updatedAt: string;
}

function toSummary(row: Record<string, unknown>): StoredSummary {
  return {
    summary: row.summary as string,
    highlights: row.highlights as string[],
    decisions: row.decisions as string[],
    actionItems: row.action_items as ActionItem[],
    method: row.method as StoredSummary['method'],
    llmFallbackReason: (row.llm_fallback_reason as string | null) ?? null,
    format: row.format as TranscriptFormat,
    version: row.version as number,
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

async function requireRole(db: Knex, idOrPrefix: string, actor: BookingActor, hostOnly: boolean) {
  if (!actor.userId && !actor.manageToken) throw new DomainError('unauthorized', 'Log in as a host, or use the manage link (?token=…) from your confirmation');
  const id = await resolveBookingIdFor(db, idOrPrefix, actor);
  const role = await resolveRole(db, id, actor);
  if (!role) throw await refusalWithoutRole(db, id, actor, 'You are neither a host nor an attendee of this meeting');
  if (hostOnly && role.role === 'attendee') throw new DomainError('forbidden', 'Only a host may attach a transcript');
  return { id, role };
}

export function createSummaryService(options: CreateSummaryServiceOptions) {
  const { db, clock } = options;
  const load = async (bookingId: string) => {
    const row = await db('meeting_summaries').where({ booking_id: bookingId }).first();
    return row ? toSummary(row) : null;
  };
  return {
    /**
     * Stores the transcript and its summary and e-mails it to opted-in attendees.
     * @throws unauthorized, booking_not_found, forbidden (attendees), validation_failed (empty)
     */
    async attachTranscript(idOrPrefix: string, actor: BookingActor, input: { text: string; format?: TranscriptFormat }): Promise<StoredSummary> {
      const { id } = await requireRole(db, idOrPrefix, actor, true);
      const format = input.format ?? detectFormat(input.text);
      const outcome = await summarizeTranscript(input.text, format, { llm: options.llm, logger: options.logger });
      if (!outcome.summary) throw new DomainError('validation_failed', 'The transcript has no sentences to summarise', { errors: [{ field: 'text', message: 'no sentences' }] });
      await db.transaction(async (trx) => {
        const now = clock.now();
        const values = {
          format,
          transcript: input.text,
          summary: outcome.summary,
          highlights: JSON.stringify(outcome.highlights),
          decisions: JSON.stringify(outcome.decisions),
          action_items: JSON.stringify(outcome.actionItems),
          method: outcome.method,
          llm_fallback_reason: outcome.llmFallbackReason,
          updated_at: now,
        };
        const [row] = await trx('meeting_summaries')
          .insert({ booking_id: id, ...values, created_at: now })
          .onConflict('booking_id')
          .merge({ ...values, version: trx.raw('meeting_summaries.version + 1') })
          .returning('version');
        const booking = await trx('bookings').where({ id }).first('title', 'start_at');
        const recipients: Array<{ name: string; email: string }> = await trx('booking_attendees').where({ booking_id: id, wants_summary: true }).select('name', 'email');
        const email = renderSummaryEmail({ title: booking.title, start: new Date(booking.start_at), summary: outcome, link: `${options.publicUrl}/api/meetings/${id}/summary` });
        await enqueueOutboxMessages(
          trx,
          recipients.map((r) => ({ channel: 'email', bookingId: id, idempotencyKey: `summary:${id}:${row.version}:${r.email.toLowerCase()}`, payload: { to: r.email, toName: r.name, ...email, ics: null, icsMethod: null } })),
          { clock, maxAttempts: options.maxAttempts },
        );
      });
      return (await load(id))!;
    },

    /** @throws unauthorized, booking_not_found, not_found (no transcript yet) */
    async getSummary(idOrPrefix: string, actor: BookingActor): Promise<StoredSummary> {
      const { id } = await requireRole(db, idOrPrefix, actor, false);
      const summary = await load(id);
      if (!summary) throw new DomainError('not_found', 'This meeting has no transcript yet');
      return summary;
    },

    /** An attendee (manage token or account) opts in or out of the summary e-mail. */
    async setOptIn(idOrPrefix: string, actor: BookingActor, wantsSummary: boolean): Promise<{ wantsSummary: boolean; email: string }> {
      const { id } = await requireRole(db, idOrPrefix, actor, false);
      const q = db('booking_attendees as a').where('a.booking_id', id);
      const attendee = actor.manageToken ? await q.clone().where('a.manage_token_hash', hashSecret(actor.manageToken)).first('a.id', 'a.email') : undefined;
      const mine = attendee ?? (actor.userId ? await q.clone().where((w) => whereAttendeeIsUser(w, actor.userId!, 'a')).first('a.id', 'a.email') : undefined);
      if (!mine) throw new DomainError('forbidden', 'Only an attendee of this meeting may choose to receive its summary');
      await db('booking_attendees').where({ id: mine.id }).update({ wants_summary: wantsSummary });
      return { wantsSummary, email: mine.email };
    },

    /** The summary for the meeting's JSON (null when there is none); access is checked by the caller. */
    summaryOfBooking: (bookingId: string) => load(bookingId),
  };
}

export type SummaryService = ReturnType<typeof createSummaryService>;
