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

/** One refund of a payment, as GET /api/meetings/:id and /payment answer it (`failure` for hosts only). */
export interface MeetingRefund {
  id: string;
  amount: number;
  reason: string;
  status: 'pending' | 'succeeded' | 'failed';
  failure?: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** A meeting's payment, amounts in minor units of `currency`; `refunds` where the API lists them. */
export interface MeetingPayment {
  status: string;
  amount: number;
  currency: string;
  provider?: string;
  refundedAmount?: number;
  checkoutUrl?: string | null;
  holdExpiresAt?: string | null;
  processingSince?: string | null;
  refunds?: MeetingRefund[];
}

/** A paid booking's price, and for an unpaid hold where to pay and until when the time is held; then its refunds. */
function paymentRows(m: Meeting, zone: string): Array<[string, string]> {
  const p = m.payment as MeetingPayment | null | undefined;
  if (!p) return [];
  return [...priceRows(p, zone), ...(p.refunds ?? []).map((r): [string, string] => ['refund', refundLine(r, p.currency, zone)])];
}

function priceRows(p: MeetingPayment, zone: string): Array<[string, string]> {
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

const REFUND_REASON: Record<string, string> = { host: 'by a host', policy: 'on cancel, by the refund policy', late_payment: 'paid after the hold ended' };

/** "EUR 12.50 by a host, succeeded Tue 24 Nov 2026 11:00", "…, pending since …", "…, failed: <the provider's reason>". */
export function refundLine(r: MeetingRefund, currency: string, zone: string): string {
  const what = `${formatMoneyWithCode(r.amount, currency)} ${REFUND_REASON[r.reason] ?? r.reason}`;
  if (r.status === 'pending') return `${what}, pending since ${formatInstant(r.createdAt, zone)}`;
  if (r.status === 'failed') return `${what}, failed${r.failure ? `: ${r.failure}` : ''}`;
  return `${what}, ${r.status}${r.completedAt ? ` ${formatInstant(r.completedAt, zone)}` : ''}`;
}
