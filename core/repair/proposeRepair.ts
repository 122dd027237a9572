/**
 * Proposing a repair: a booking became conflicted (an outside event over it, changed hours, a
 * host gone), so its invitees get the best alternatives by e-mail (through the outbox), each
 * with a one-click accept link. One open proposal per booking; the host may let round-robin
 * reassignments happen by themselves (event type `conflictRepair: automatic`).
 */
import { DateTime } from 'luxon';
import { PG, sqlState } from '../errors.js';
import { html } from '../notify/html.js';
import { enqueueOutboxMessages, type EmailPayload } from '../notify/outbox.js';
import { applyRepairChoice } from './acceptRepair.js';
import type { RepairContext } from './context.js';
import { findRepairAlternatives, type RepairAlternative } from './findAlternatives.js';
import { acceptLink } from './links.js';

const ACTIVE = ['scheduled', 'pending'];

export interface RepairProposal {
  id: string;
  bookingId: string;
  alternatives: RepairAlternative[];
  /** `proposed`: e-mailed to the invitees; `applied`: moved by itself (automatic round robin). */
  outcome: 'proposed' | 'applied';
}

function proposalEmail(ctx: RepairContext, id: string, to: { name: string; email: string; timezone: string }, title: string, reason: string, alternatives: RepairAlternative[]): EmailPayload {
  const label = (a: RepairAlternative) => `${DateTime.fromISO(a.start, { zone: to.timezone }).toFormat('cccc d LLLL yyyy, HH:mm')}–${DateTime.fromISO(a.end, { zone: to.timezone }).toFormat('HH:mm')} (${to.timezone})${a.kind === 'other_host' ? ` with ${a.hosts.join(', ')}` : ''}`;
  const links = alternatives.map((a, i) => ({ text: label(a), url: acceptLink(ctx.publicUrl, ctx.secret, id, i), why: a.reasons.slice(0, 2).join('; ') }));
  const intro = `Your meeting "${title}" can no longer happen as planned: ${reason}. Pick a new time with one click:`;
  return {
    to: to.email,
    toName: to.name,
    subject: `"${title}" needs a new time: pick one of ${alternatives.length}`,
    text: [`Hi ${to.name},`, '', intro, '', ...links.map((l, i) => `${i + 1}. ${l.text}\n   ${l.url}\n   (${l.why})`), '', '— Yava'].join('\n'),
    html: html`<p>Hi ${to.name},</p><p>${intro}</p><ol>${links.map((l) => html`<li><a href="${l.url}">${l.text}</a><br><small>${l.why}</small></li>`)}</ol><p>— Yava</p>`.value,
    ics: null,
    icsMethod: null,
  };
}

/**
 * Proposes alternatives for a conflicted booking; null when it is no longer active, already
 * has an open proposal, or nothing else is free. Never throws for a race on the same booking
 * (the unique open proposal decides).
 *
 * @example proposeRepair(ctx, bookingId, 'an event in your host\'s calendar now overlaps it')
 */
export async function proposeRepair(ctx: RepairContext, bookingId: string, reason: string): Promise<RepairProposal | null> {
  const now = ctx.clock.now();
  const booking = await ctx.db('bookings').where({ id: bookingId }).first('id', 'title', 'status', 'start_at', 'event_type_id');
  if (!booking || !ACTIVE.includes(booking.status) || new Date(booking.start_at) <= now) return null;
  if (await ctx.db('repair_proposals').where({ booking_id: bookingId, status: 'open' }).first('id')) return null;
  const alternatives = await findRepairAlternatives(ctx.db, now.getTime(), bookingId);
  if (alternatives.length === 0) return null;
  const eventType = booking.event_type_id ? await ctx.db('event_types').where({ id: booking.event_type_id }).first('conflict_repair') : undefined;
  const automatic = eventType?.conflict_repair === 'automatic' && alternatives[0]!.kind === 'other_host';
  const expiresAt = new Date(Math.min(...alternatives.map((a) => Date.parse(a.start)), now.getTime() + 7 * 86_400_000));
  try {
    return await ctx.db.transaction(async (trx) => {
      const [row] = await trx('repair_proposals').insert({ booking_id: bookingId, reason, alternatives: JSON.stringify(alternatives), created_at: now, expires_at: expiresAt }).returning('id');
      const id = (row as { id: string }).id;
      if (automatic) {
        await applyRepairChoice(ctx, trx, { id, booking_id: bookingId, alternatives, status: 'open', reason, chosen: null, expires_at: expiresAt }, 0);
        return { id, bookingId, alternatives, outcome: 'applied' as const };
      }
      const attendees: Array<{ name: string; email: string; timezone: string; user_id: string | null }> = await trx('booking_attendees').where({ booking_id: bookingId }).select('name', 'email', 'timezone', 'user_id');
      const messages = attendees.map((a) => ({ channel: 'email', idempotencyKey: `repair-proposal:${id}:${a.email.toLowerCase()}`, payload: proposalEmail(ctx, id, a, booking.title, reason, alternatives) as unknown, bookingId }));
      // The same choices as a direct message to invitees who are Yava users with a linked Slack or Discord account.
      const chatUsers = ctx.chat ? await trx('chat_accounts').whereIn('user_id', attendees.flatMap((a) => (a.user_id ? [a.user_id] : []))).distinct('user_id') : [];
      for (const { user_id: userId } of chatUsers as Array<{ user_id: string }>) {
        const mail = proposalEmail(ctx, id, attendees.find((a) => a.user_id === userId)!, booking.title, reason, alternatives);
        messages.push({ channel: 'chat', idempotencyKey: `repair-proposal-chat:${id}:${userId}`, payload: { userId, text: `${mail.subject}\n${mail.text.split('\n').slice(2, -2).join('\n')}` }, bookingId });
      }
      await enqueueOutboxMessages(trx, messages, { clock: ctx.clock, maxAttempts: ctx.outboxMaxAttempts });
      return { id, bookingId, alternatives, outcome: 'proposed' as const };
    });
  } catch (error) {
    if (sqlState(error) === PG.uniqueViolation) return null;
    throw error;
  }
}
