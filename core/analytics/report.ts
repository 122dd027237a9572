/** The figures a meetings report (PDF) shows, for one scope, range and zone. */
import type { Knex } from 'knex';
import { bookingsMetric } from './metrics/bookings.js';
import { cancellationsMetric } from './metrics/cancellations.js';
import { busiestHoursMetric, leadTimeMetric, noShowsMetric } from './metrics/people.js';
import { utilisationMetric } from './metrics/utilisation.js';
import type { ResolvedScope } from './scope.js';

export async function buildReport(db: Knex, scope: ResolvedScope) {
  // One after another: the embedded database has one connection anyway.
  const bookings = await bookingsMetric(db, scope);
  const noShows = await noShowsMetric(db, scope);
  const cancellations = await cancellationsMetric(db, scope);
  const utilisation = await utilisationMetric(db, scope);
  const busiestHours = await busiestHoursMetric(db, scope);
  const leadTime = await leadTimeMetric(db, scope);
  return { bookings, noShows, cancellations, utilisation, busiestHours, leadTime };
}

export type AnalyticsReport = Awaited<ReturnType<typeof buildReport>>;
