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
} satisfies Record<string, Metric>;

export type MetricName = keyof typeof METRICS;
export type MetricResult<N extends MetricName> = Awaited<ReturnType<(typeof METRICS)[N]>>;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export function createAnalyticsService({ db, clock }: { db: Knex; clock: Clock }) {
  return {
    /**
     * One metric for a reader. Throws not_found (unknown metric), validation_failed,
     * forbidden, team_not_found (see resolveScope).
     */
    async metric(name: string, reader: Reader, query: AnalyticsQuery) {
      if (!isMetricName(name)) throw new DomainError('not_found', `No metric "${name}"; try one of: ${METRIC_NAMES.join(', ')}`);
      const scope = await resolveScope(db, reader, query, clock.now());
      return (METRICS[name] as Metric)(db, scope);
    },
    resolveScope: (reader: Reader, query: AnalyticsQuery) => resolveScope(db, reader, query, clock.now()),
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
