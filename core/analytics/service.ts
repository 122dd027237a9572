/**
 * Analytics: every figure is one SQL question over the bookings in scope, grouped by
 * PostgreSQL in the reader's zone. Metrics are named as in the URL (`/api/analytics/<metric>`).
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { bookingsMetric } from './metrics/bookings.js';
import { cancellationsMetric, reschedulesMetric } from './metrics/cancellations.js';
import { busiestHoursMetric, leadTimeMetric, noShowsMetric } from './metrics/people.js';
import { teamPerformanceMetric } from './metrics/team.js';
import { utilisationMetric } from './metrics/utilisation.js';
import { revenueMetric } from './metrics/revenue.js';
import { countMeetings, meetingsCsv } from '../exports/meetingsCsv.js';
import type { Logger } from '../logger.js';
import { funnelMetric, recordFunnelStep, type FunnelVisit } from './funnel.js';
import { buildReport } from './report.js';
import { resolveScope, type AnalyticsQuery, type Reader, type ResolvedScope } from './scope.js';

export type { AnalyticsQuery, GroupBy, Reader, ResolvedScope } from './scope.js';

type Metric = (db: Knex, scope: ResolvedScope) => Promise<{ metric: string } & Record<string, unknown>>;

/** Every metric by its URL name. */
export const METRICS = {
  bookings: bookingsMetric,
  cancellations: cancellationsMetric,
  reschedules: reschedulesMetric,
  'no-shows': noShowsMetric,
  utilisation: utilisationMetric,
  'busiest-hours': busiestHoursMetric,
  'lead-time': leadTimeMetric,
  'team-performance': teamPerformanceMetric,
  funnel: funnelMetric,
  revenue: revenueMetric,
} satisfies Record<string, Metric>;

export type MetricName = keyof typeof METRICS;
export type MetricResult<N extends MetricName> = Awaited<ReturnType<(typeof METRICS)[N]>>;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/**
 * Runs a metric's queries in a read-only transaction with PostgreSQL's JIT off: a year of
 * bookings pushes their estimated cost past jit_above_cost, and compiling the plan then costs
 * more (100–200 ms) than running it. Also without parallel workers (starting them costs more
 * than they save on a year of one account's meetings, and a dashboard asks several metrics at
 * once), and with random reads priced as the cached reads they are, so a range of the start
 * index is read from the index alone rather than the whole table. PGlite accepts the settings.
 */
export function withoutJit<T>(db: Knex, run: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw("SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), set_config('random_page_cost', '1.1', true)");
    return run(trx);
  }, { readOnly: true });
}

export function createAnalyticsService({ db, clock, logger, writeDb = db }: { db: Knex; clock: Clock; logger: Logger; writeDb?: Knex }) {
  return {
    /**
     * Records a booking-page funnel step (nothing for DNT / Sec-GPC). A failure is logged,
     * never shown to the visitor: counting must not stand between someone and a booking.
     */
    async recordFunnelStep(visit: FunnelVisit): Promise<void> {
      try {
        await recordFunnelStep(writeDb, clock.now(), visit);
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error), step: visit.step }, 'funnel step not recorded');
      }
    },

    /**
     * One metric for a reader. Throws not_found (unknown metric), validation_failed,
     * forbidden, team_not_found (see resolveScope).
     */
    async metric(name: string, reader: Reader, query: AnalyticsQuery) {
      if (!isMetricName(name)) throw new DomainError('not_found', `No metric "${name}"; try one of: ${METRIC_NAMES.join(', ')}`);
      const scope = await resolveScope(db, reader, query, clock.now());
      return withoutJit(db, (trx) => (METRICS[name] as Metric)(trx, scope));
    },
    resolveScope: (reader: Reader, query: AnalyticsQuery) => resolveScope(db, reader, query, clock.now()),

    /** The figures of a meetings report (PDF). Throws as `metric`. */
    async report(reader: Reader, query: AnalyticsQuery) {
      return buildReport(db, await resolveScope(db, reader, query, clock.now()));
    },

    /** Meetings in scope as CSV chunks (streamed in batches), with how many rows follow. Throws as `metric`. */
    async meetingsCsv(reader: Reader, query: AnalyticsQuery, options: { bom?: boolean } = {}) {
      const scope = await resolveScope(db, reader, query, clock.now());
      return { scope, count: await countMeetings(db, scope), chunks: meetingsCsv(db, scope, options) };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
