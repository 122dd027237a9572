import type { FunnelStep } from '../../../core/analytics/funnel.js';
import type { AppContext, AppDeps } from '../../context.js';

/**
 * Counts a booking-page funnel step for this request's visitor (core hashes the address and
 * browser with the day's salt and records nothing for `DNT: 1` or `Sec-GPC: 1`).
 */
export function recordStep(services: AppDeps['services'], ctx: AppContext, eventTypeId: string, step: FunnelStep): Promise<void> {
  return services.analytics.recordFunnelStep({ eventTypeId, step, ip: ctx.ip, userAgent: ctx.get('user-agent'), doNotTrack: ctx.get('dnt'), globalPrivacyControl: ctx.get('sec-gpc') });
}
