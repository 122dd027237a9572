/** The spam check at the public booking API: anonymous bookings are screened before they book. */
import type { AppContext, AppDeps } from '../../context.js';
import type { PendingBooking, ScreenResult } from '../../../core/spam/index.js';

/** Screens an anonymous caller's booking (a logged-in account is accountable and skips it). Block throws booking_refused. */
export async function screenAnonymousBooking(services: AppDeps['services'], ctx: AppContext, pending: PendingBooking): Promise<ScreenResult | null> {
  if (ctx.state.principal) return null;
  return services.spam.screen({ pending, address: ctx.ip || null, source: 'api' });
}

/** The 202 answer to a challenged booking: nothing is booked until the e-mailed link is used. */
export function answerChallenge(ctx: AppContext, screened: Extract<ScreenResult, { decision: 'challenge' }>): void {
  ctx.status = 202;
  ctx.body = {
    status: 'confirmation_required',
    expiresAt: screened.expiresAt,
    message: 'We sent you an e-mail: open its link to confirm this booking. The time is booked when you confirm, if it is still free.',
  };
}
