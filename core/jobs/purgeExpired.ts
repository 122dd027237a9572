import type { PeriodicJob } from './periodic.js';

const DAY_MS = 86_400_000;

/**
 * Hourly: deletes refresh tokens a day past their expiry (they can no longer be used;
 * rotated-token reuse detection only needs unexpired ones) and job_runs rows older than 30 days.
 */
export const purgeExpiredJob: PeriodicJob = {
  name: 'purge-expired',
  periodMs: 3_600_000,
  async run({ db, now }) {
    await db('refresh_tokens').where('expires_at', '<', new Date(now.getTime() - DAY_MS)).delete();
    await db('job_runs').where('period_start', '<', new Date(now.getTime() - 30 * DAY_MS)).delete();
  },
};

/** Every periodic job a worker runs. */
export const PERIODIC_JOBS: PeriodicJob[] = [purgeExpiredJob];
