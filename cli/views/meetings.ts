import { formatMoneyWithCode } from '../../core/payments/money.js';
import { formatInstant, formatMinutes, formatRange, renderTable } from '../format.js';
import type { Painter } from '../terminal.js';
import { meetingPeople, meetingTitle, type Meeting } from '../types.js';

const STATUS_STYLE: Record<string, 'green' | 'yellow' | 'red' | 'gray'> = { scheduled: 'green', pending: 'yellow', pending_payment: 'yellow', canceled: 'red', rejected: 'red', completed: 'gray', no_show: 'gray' };

/** How many characters of an id tables show; the API takes any unique prefix this long. */
export const SHORT_ID_LENGTH = 8;

/** The first characters of an id, enough to type it back (`yava show 3f2a9c1e`). */
export const shortId = (id: string): string => id.slice(0, SHORT_ID_LENGTH);

export function meetingsTable(meetings: Meeting[], zone: string, paint: Painter): string {
  return renderTable(
    ['ID', 'WHEN', 'STATUS', 'TITLE', 'WITH'],
    meetings.map((m) => [shortId(m.id), formatRange(m.start, m.end, zone), paint(STATUS_STYLE[m.status] ?? 'gray', m.status), meetingTitle(m), meetingPeople(m)]),
    paint,
  );
}

export function meetingDetails(m: Meeting, zone: string, paint: Painter): string {
  const minutes = Math.round((Date.parse(m.end) - Date.parse(m.start)) / 60_000);
  const rows: Array<[string, string]> = [
    ['id', m.id],
    ['title', meetingTitle(m)],
    ['status', paint(STATUS_STYLE[m.status] ?? 'gray', m.status)],
    ['when', `${formatRange(m.start, m.end, zone)} (${zone}, ${formatMinutes(minutes)})`],
    ['hosts', (m.hosts ?? []).map((h) => `${h.name ?? h.username} (@${h.username})`).join(', ') || '-'],
    ['attendees', (m.attendees ?? []).map((a) => (a.email ? `${a.name ?? ''} <${a.email}>`.trim() : (a.name ?? ''))).join(', ') || '-'],
  ];
  if (m.location) rows.push(['location', String(m.location)]);
  if (m.notes) rows.push(['notes', String(m.notes)]);
  if (m.cancelReason) rows.push(['reason', String(m.cancelReason)]);
  // Why this host has it: a round-robin choice or an admin's assignment.
  if (m.assignmentReason) rows.push(['assigned', String(m.assignmentReason)]);
  rows.push(...paymentRows(m, zone));
  const links = m.links as { manage?: string } | undefined;
  if (links?.manage) rows.push(['manage', links.manage]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${paint('bold', k.padEnd(width))}  ${v}`).join('\n');
}

interface MeetingPayment {
  status: string;
  amount: number;
  currency: string;
  checkoutUrl?: string | null;
  holdExpiresAt?: string | null;
  processingSince?: string | null;
}

/** A paid booking's price, and for an unpaid hold where to pay and until when the time is held. */
function paymentRows(m: Meeting, zone: string): Array<[string, string]> {
  const p = m.payment as MeetingPayment | undefined;
  if (!p) return [];
  const amount = formatMoneyWithCode(p.amount, p.currency);
  if (p.status !== 'requires_payment') return [['payment', `${amount} (${p.status})`]];
  if (p.processingSince) {
    const rows: Array<[string, string]> = [['payment', `${amount}, the bank is processing it`]];
    if (p.holdExpiresAt) rows.push(['held until', `${formatInstant(p.holdExpiresAt, zone)} (${zone}), or until the payment clears`]);
    return rows;
  }
  const rows: Array<[string, string]> = [['payment', `${amount} to pay`]];
  if (p.checkoutUrl) rows.push(['pay at', p.checkoutUrl]);
  if (p.holdExpiresAt) rows.push(['held until', `${formatInstant(p.holdExpiresAt, zone)} (${zone}); unpaid, the time is released`]);
  return rows;
}
