/**
 * Answering a routing form: validate the answers, score the free text (optional LLM), run the
 * rules, store the response with the route and why, and say where the respondent goes.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { csvField } from '../exports/meetingsCsv.js';
import type { LlmClientConfig, LlmLogger } from '../nlp/llm.js';
import type { BookingNotifier } from '../notify/types.js';
import { loadChangeSnapshot } from '../notify/meetingSnapshot.js';
import { type RoutingForm, getForm, getPublicForm } from './forms.js';
import { type Route, evaluateRules, validateAnswers } from './rules.js';
import { scoreAnswer } from './scoring.js';

export interface RoutingDeps {
  db: Knex;
  llm: LlmClientConfig | null;
  logger?: LlmLogger;
  /** Where other users' pages are (PUBLIC_URL, no trailing slash). */
  publicUrl: string;
}

/**
 * Where the respondent goes: a page (ours or outside) or a polite refusal shown in place. The form
 * owner's own pages are host-relative (`/owner/slug`, which also works on the owner's custom
 * domain); another user's page is absolute, since on the owner's custom domain `/alice/chat`
 * would be read as the owner's `/owner/alice/chat`.
 */
export type RoutingTarget = { kind: 'redirect'; path: string } | { kind: 'refuse'; message: string };

export interface RoutingOutcome {
  responseId: string;
  route: Route;
  ruleIndex: number | null;
  reason: string;
  scoring: Record<string, unknown>;
  target: RoutingTarget;
}

function targetOf(form: RoutingForm, route: Route, publicUrl: string): RoutingTarget {
  const seg = encodeURIComponent;
  switch (route.type) {
    case 'event_type':
      return { kind: 'redirect', path: `/${seg(form.owner)}/${seg(route.eventType)}` };
    case 'member': {
      const path = route.eventType ? `/${seg(route.username)}/${seg(route.eventType)}` : `/${seg(route.username)}`;
      const ownPage = route.username.toLowerCase() === form.owner.toLowerCase();
      return { kind: 'redirect', path: ownPage ? path : `${publicUrl}${path}` };
    }
    case 'url':
      return { kind: 'redirect', path: route.url };
    case 'refuse':
      return { kind: 'refuse', message: route.message };
  }
}

async function eventTypeIdOf(db: Knex, form: RoutingForm, route: Route): Promise<string | null> {
  const [username, slug] = route.type === 'event_type' ? [form.owner, route.eventType] : route.type === 'member' && route.eventType ? [route.username, route.eventType] : [];
  if (!username || !slug) return null;
  const row = await db('event_types as e').join('users as u', 'u.id', 'e.owner_user_id').where({ 'u.username': username, 'e.slug': slug }).whereNull('e.archived_at').first('e.id');
  return row?.id ?? null;
}

/**
 * Answers the public form `username/slug`.
 * @throws not_found (no such form), validation_failed (per question)
 * @example await submitResponse(deps, 'alice', 'sales', {size: '250', email: 'a@b.c'})
 */
export async function submitResponse(deps: RoutingDeps, username: string, slug: string, raw: Record<string, unknown>): Promise<RoutingOutcome> {
  const form = await getPublicForm(deps.db, username, slug);
  const checked = validateAnswers(form.questions, raw);
  if (!checked.ok) throw new DomainError('validation_failed', 'Please check your answers', { errors: checked.errors });
  const { answers } = checked;
  const scored = await scoreAnswer(deps.llm, form.scoring, answers, deps.logger);
  const decision = evaluateRules(form, answers, scored.label);
  const emailQuestion = form.questions.find((q) => q.type === 'email');
  const email = emailQuestion ? ((answers[emailQuestion.id] as string | undefined) ?? null) : null;
  const [row] = await deps.db('routing_responses')
    .insert({
      form_id: form.id,
      answers: JSON.stringify(answers),
      email,
      route: JSON.stringify(decision.route),
      rule_index: decision.ruleIndex,
      reason: decision.reason,
      scoring: JSON.stringify(scored.detail),
      event_type_id: await eventTypeIdOf(deps.db, form, decision.route),
    })
    .returning('id');
  return { responseId: row.id, ...decision, scoring: scored.detail, target: targetOf(form, decision.route, deps.publicUrl) };
}

export interface StoredResponse {
  id: string;
  answers: Record<string, string | number>;
  email: string | null;
  route: Route;
  ruleIndex: number | null;
  reason: string;
  scoring: Record<string, unknown> | null;
  bookingId: string | null;
  createdAt: string;
}

export async function listResponses(db: Knex, ownerUserId: string, formId: string): Promise<{ form: RoutingForm; responses: StoredResponse[] }> {
  const form = await getForm(db, ownerUserId, formId);
  const rows = await db('routing_responses').where({ form_id: form.id }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
  const responses = rows.map((r) => ({
    id: r.id,
    answers: r.answers,
    email: r.email,
    route: r.route,
    ruleIndex: r.rule_index,
    reason: r.reason,
    scoring: r.scoring,
    bookingId: r.booking_id,
    createdAt: new Date(r.created_at).toISOString(),
  }));
  return { form, responses };
}

/** The responses as CSV (RFC 4180): one column per question, then the route, why, and the booking. */
export async function exportResponsesCsv(db: Knex, ownerUserId: string, formId: string): Promise<{ csv: string; rows: number }> {
  const { form, responses } = await listResponses(db, ownerUserId, formId);
  const header = ['id', 'submitted_at', ...form.questions.map((q) => q.id), 'route', 'target', 'reason', 'label', 'booking_id'];
  const lines = [header.join(',')];
  for (const r of responses) {
    const target = r.route.type === 'event_type' ? r.route.eventType : r.route.type === 'member' ? r.route.username : r.route.type === 'url' ? r.route.url : r.route.message;
    const label = r.scoring?.used ? String(r.scoring.label) : null;
    const fields = [r.id, r.createdAt, ...form.questions.map((q) => r.answers[q.id] ?? null), r.route.type, target, r.reason, label, r.bookingId];
    lines.push(fields.map((f) => csvField(f, { text: true })).join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: responses.length };
}

/** How long after answering a form a booking still counts as coming from it. */
const LINK_WINDOW_MS = 24 * 3_600_000;

/**
 * Links a new booking to the latest unlinked response that routed the same invitee (by email)
 * to its event type within the last day, inside the booking's transaction.
 */
export function routingNotifier(): BookingNotifier {
  return {
    async bookingChanged(trx, change) {
      if (change.type !== 'created' && change.type !== 'requested') return;
      // The meeting as every notifier of this change shares it (read once), then one statement.
      const booking = await loadChangeSnapshot(trx, change);
      if (!booking?.eventTypeId) return;
      const emails = [...new Set(booking.attendees.map((a) => a.email.toLowerCase()))];
      if (emails.length === 0) return;
      const since = new Date(booking.createdAt.getTime() - LINK_WINDOW_MS);
      const latest = trx('routing_responses')
        .where({ event_type_id: booking.eventTypeId })
        .whereNull('booking_id')
        .whereIn('email', emails)
        .where('created_at', '>=', since)
        .orderBy('created_at', 'desc')
        .limit(1)
        .select('id');
      await trx('routing_responses').where('id', '=', latest).update({ booking_id: change.bookingId });
    },
  };
}

/** The route a booking came by, for the meeting's JSON; null when it did not come through a form. */
export async function routingOfBooking(db: Knex, bookingId: string) {
  const row = await db('routing_responses as r').join('routing_forms as f', 'f.id', 'r.form_id').where('r.booking_id', bookingId).orderBy('r.created_at', 'desc').first('r.id', 'f.slug', 'r.route', 'r.rule_index', 'r.reason', 'r.scoring');
  return row ? { form: row.slug, responseId: row.id, route: row.route as Route, ruleIndex: row.rule_index as number | null, reason: row.reason as string, scoring: row.scoring } : null;
}
