/**
 * The weekly summary: on Monday at 08:00 in each user's own zone, one e-mail with last week's
 * meetings, its no-shows and next week's load. A periodic job looks for users whose local
 * Monday 08:00 has come; the (user, week) row in weekly_summaries, inserted in the same
 * transaction as the e-mail's outbox row, makes it once per user and week however many
 * workers look at the same moment.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { Clock } from '../../clock.js';
import type { PeriodicJob } from '../../jobs/periodic.js';
import { formatMeetingTime } from '../email/render.js';
import { html } from '../html.js';
import { enqueueOutboxMessages, type EmailPayload } from '../outbox.js';
import { isWanted, loadPreferenceState } from '../preferences/store.js';
import { unsubscribeUrl } from '../preferences/unsubscribe.js';

/**
 * The local Monday (ISO date) whose 08:00 has come at `now` in `zone`, within a day of it (so a
 * worker that was down catches up, but a user who signs up on a Thursday waits for Monday);
 * null otherwise. Example: 2026-03-30T06:00Z in Europe/Berlin (08:00 CEST) → 2026-03-30.
 */
export function dueSummaryWeek(now: Date, zone: string): { weekStart: string; monday: DateTime } | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return null;
  const monday = local.startOf('week');
  const due = monday.set({ hour: 8 });
  if (local < due || local >= due.plus({ days: 1 })) return null;
  return { weekStart: monday.toISODate()!, monday };
}

interface MeetingRow {
  id: string;
  title: string;
  status: string;
  start_at: Date | string;
  end_at: Date | string;
}

async function meetingsOf(db: Knex | Knex.Transaction, userId: string, from: DateTime, to: DateTime): Promise<MeetingRow[]> {
  return db('bookings as b')
    .where('b.start_at', '>=', from.toJSDate())
    .where('b.start_at', '<', to.toJSDate())
    .where((q) => q.whereExists(db('booking_hosts as h').whereRaw('h.booking_id = b.id').where('h.user_id', userId)).orWhereExists(db('booking_attendees as a').whereRaw('a.booking_id = b.id').where('a.user_id', userId)))
    .orderBy('b.start_at')
    .select('b.id', 'b.title', 'b.status', 'b.start_at', 'b.end_at');
}

export interface WeeklySummaryOptions {
  clock: Clock;
  publicUrl: string;
  unsubscribeKey: Buffer;
  maxAttempts: number;
}

/** The e-mail for one user and week. */
async function buildSummary(trx: Knex.Transaction, options: WeeklySummaryOptions, user: { id: string; name: string; email: string; timezone: string }, monday: DateTime): Promise<EmailPayload> {
  const last = (await meetingsOf(trx, user.id, monday.minus({ weeks: 1 }), monday)).filter((m) => m.status === 'scheduled' || m.status === 'completed' || m.status === 'no_show');
  const next = (await meetingsOf(trx, user.id, monday, monday.plus({ weeks: 1 }))).filter((m) => m.status === 'scheduled' || m.status === 'pending');
  const noShows = last.filter((m) => m.status === 'no_show');
  const hours = next.reduce((sum, m) => sum + (+new Date(m.end_at) - +new Date(m.start_at)) / 3_600_000, 0);
  const line = (m: MeetingRow) => `${m.title}: ${formatMeetingTime(new Date(m.start_at), new Date(m.end_at), user.timezone)}${m.status === 'no_show' ? ' (no-show)' : ''}`;
  const url = unsubscribeUrl(options.publicUrl, options.unsubscribeKey, { email: user.email, kind: 'weekly_summary' });
  const subject = `Your week: ${last.length} meeting${last.length === 1 ? '' : 's'} last week, ${next.length} ahead`;
  const sections: Array<[string, string[]]> = [
    [`Last week: ${last.length} meeting${last.length === 1 ? '' : 's'}, ${noShows.length} no-show${noShows.length === 1 ? '' : 's'}`, last.map(line)],
    [`This week: ${next.length} meeting${next.length === 1 ? '' : 's'}, ${Math.round(hours * 10) / 10} h booked`, next.map(line)],
  ];
  const text = [`Hello ${user.name},`, '', ...sections.flatMap(([h, items]) => [h, ...items.map((i) => `  - ${i}`), '']), '— Yava', '', `Unsubscribe: ${url}`].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem"><p>Hello ${user.name},</p>
${sections.map(([h, items]) => html`<h2 style="font-size:1rem">${h}</h2><ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`)}
<p style="color:#555;font-size:.85rem"><a href="${url}">Unsubscribe</a> from the weekly summary.</p></body></html>`;
  return { to: user.email, toName: user.name, subject, text, html: body.value, ics: null, icsMethod: null, unsubscribeUrl: url };
}

/**
 * Queues the summary of every user whose local Monday 08:00 of this week has come, whose account
 * existed by then, and who has none for it yet; returns how many this call queued. Safe to run from any number of workers.
 */
export async function sendDueWeeklySummaries(db: Knex, options: WeeklySummaryOptions): Promise<number> {
  const now = options.clock.now();
  const users: Array<{ id: string; name: string; email: string; timezone: string; created_at: Date }> = await db('users').select('id', 'name', 'email', 'timezone', 'created_at').orderBy('id');
  let queued = 0;
  for (const user of users) {
    const due = dueSummaryWeek(now, user.timezone);
    // An account made after this week's Monday 08:00 (local) has no week to sum up yet.
    if (!due || new Date(user.created_at).getTime() > due.monday.set({ hour: 8 }).toMillis()) continue;
    queued += await db.transaction(async (trx) => {
      const claimed = await trx('weekly_summaries').insert({ user_id: user.id, week_start: due.weekStart, created_at: now }).onConflict(['user_id', 'week_start']).ignore().returning('user_id');
      if (!claimed.length) return 0;
      const prefs = await loadPreferenceState(trx, [user.id], []);
      if (!isWanted(prefs, { userId: user.id }, 'email', 'weekly_summary')) return 0;
      const payload = await buildSummary(trx, options, user, due.monday);
      await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `summary:${user.id}:${due.weekStart}`, payload }], { clock: options.clock, maxAttempts: options.maxAttempts });
      return 1;
    });
  }
  return queued;
}

/** The periodic job (every 5 minutes, once per period across workers; the per-user-week row does the rest). */
export function weeklySummaryJob(options: WeeklySummaryOptions): PeriodicJob {
  return {
    name: 'weekly-summary',
    periodMs: 5 * 60_000,
    async run({ db }) {
      await sendDueWeeklySummaries(db, options);
    },
  };
}
