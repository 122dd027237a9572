/**
 * Revenue by currency: payments received in the range (by `paid_at`, in the reader's zone) less
 * what was refunded of them, per currency and period. Amounts stay in integer minor units of
 * their own currency; currencies are never added together.
 */
import type { Knex } from 'knex';
import { toDecimalString } from '../../payments/money.js';
import type { ResolvedScope } from '../scope.js';
import { bookingsInScope, describeScope, num, periodBuckets } from '../sql.js';

/** Payment statuses that mean the money arrived (some of it may have gone back since). */
const RECEIVED = ['paid', 'partially_refunded', 'refunded'] as const;

interface Amounts {
  payments: number;
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
}

const zero = (): Amounts => ({ payments: 0, grossMinor: 0, refundedMinor: 0, netMinor: 0 });

function add(a: Amounts, b: Amounts): void {
  a.payments += b.payments;
  a.grossMinor += b.grossMinor;
  a.refundedMinor += b.refundedMinor;
  a.netMinor += b.netMinor;
}

/** Payments received in [from, to) whose booking a host in scope hosts. */
function scopedPayments(db: Knex, scope: ResolvedScope): Knex.QueryBuilder {
  const q = db('payments as p').whereIn('p.status', RECEIVED).where('p.paid_at', '>=', scope.from).where('p.paid_at', '<', scope.to);
  if (scope.hostIds) q.whereIn('p.booking_id', db('bookings').select('id').where(bookingsInScope(db, scope)));
  return q;
}

/**
 * `{currencies: [{currency, payments, grossMinor, refundedMinor, netMinor, net, series: [{period, …}]}]}`,
 * currencies in alphabetical order; `net` is the decimal string of `netMinor` ("70.00").
 */
export async function revenueMetric(db: Knex, scope: ResolvedScope) {
  const buckets = periodBuckets(db, 'p.paid_at', scope);
  const rows: Array<{ currency: string; bucket: number; payments: string; gross: string; refunded: string }> = await scopedPayments(db, scope)
    .select('p.currency', { bucket: buckets.sql })
    .select(db.raw('count(*) AS payments'), db.raw('sum(p.amount_minor) AS gross'), db.raw('sum(p.refunded_minor) AS refunded'))
    .groupByRaw('1, 2');
  const periods = buckets.labels;
  const byCurrency = new Map<string, { totals: Amounts; series: Map<string, Amounts> }>();
  for (const r of rows) {
    const entry = byCurrency.get(r.currency) ?? { totals: zero(), series: new Map(periods.map((p) => [p, zero()])) };
    byCurrency.set(r.currency, entry);
    const amounts = { payments: num(r.payments, 0), grossMinor: num(r.gross, 0), refundedMinor: num(r.refunded, 0), netMinor: num(r.gross, 0) - num(r.refunded, 0) };
    add(entry.totals, amounts);
    const period = buckets.labelOf(r.bucket);
    const slot = entry.series.get(period) ?? zero();
    add(slot, amounts);
    entry.series.set(period, slot);
  }
  const currencies = [...byCurrency]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, { totals, series }]) => ({
      currency,
      ...totals,
      net: toDecimalString(totals.netMinor, currency),
      series: [...series].sort(([a], [b]) => a.localeCompare(b)).map(([period, amounts]) => ({ period, ...amounts })),
    }));
  return { metric: 'revenue', ...describeScope(scope), currencies };
}
