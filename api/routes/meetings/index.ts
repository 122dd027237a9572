import Router from '@koa/router';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { bookingRateLimit } from '../../middleware/rateLimit.js';
import { presentMeeting, type PresentMeetingOptions } from '../../presenters/meeting.js';
import { presentMeetingPayment, presentPayment } from '../../presenters/payment.js';
import { meetingExtras } from '../../presenters/meetingExtras.js';
import { parseInput } from '../../validate.js';
import { DomainError, isDomainError } from '../../../core/errors.js';
import { presentWaitlistEntry } from '../../presenters/waitlist.js';
import type { BookingActor, BookingDetails } from '../../../core/booking/types.js';
import { screenAnonymousBooking, answerChallenge } from './screen.js';
import { adHocMeetingSchema, cancelSchema, confirmBookingSchema, hostNotesSchema, listMeetingsQuerySchema, loadQuerySchema, reasonSchema, rescheduleSchema, scheduleMeetingSchema, tokenQuerySchema } from './schema.js';
import { presentSeries, presentSeriesBooking, presentSeriesChange } from '../../presenters/series.js';

/** `If-Match: "3"` (or `W/"3"`): act only on that version of the meeting; `*` or none: any. */
function ifMatchOf(ctx: AppContext): number | undefined {
  const header = ctx.get('if-match').trim();
  if (!header || header === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header);
  if (!match) throw new DomainError('validation_failed', 'If-Match: send the ETag of the meeting, e.g. "3"', { errors: [{ field: 'If-Match', message: 'not an ETag of a meeting' }] });
  return Number(match[1]);
}

/** The caller: a Bearer token's user and/or the `?token=` manage token, and the version it expects. */
function actorOf(ctx: AppContext): { actor: BookingActor; timezone?: string } {
  const q = parseInput(tokenQuerySchema, ctx.query, 'query');
  return { actor: { userId: ctx.state.principal?.userId, manageToken: q.token, ifVersion: ifMatchOf(ctx) }, timezone: q.timezone };
}

/** A meeting as the answer, with its version as the ETag; its hosts also see their notes. */
function sendMeeting(ctx: AppContext, meeting: BookingDetails, options: PresentMeetingOptions, extras: object = {}): void {
  ctx.set('ETag', `"${meeting.version}"`);
  const host = Boolean(ctx.state.principal && meeting.hosts.some((h) => h.userId === ctx.state.principal!.userId));
  ctx.body = { ...presentMeeting(meeting, { ...options, includeHostNotes: host }), ...extras };
}

/**
 * `POST /api/meetings/schedule`: a booking, a series (`recurrence`), or, for a full group session
 * when the booker asked (`waitlist: true`), a place on its waitlist (202).
 */
function scheduleHandler(services: AppDeps['services'], publicUrl: string) {
  return async (ctx: AppContext) => {
    const { waitlist, ...input } = parseInput(scheduleMeetingSchema, ctx.request.body);
    const createdByUserId = ctx.state.principal?.userId ?? null;
    const { recurrence, ...single } = input;
    const screened = await screenAnonymousBooking(services, ctx, recurrence ? { kind: 'series', input: { ...single, recurrence, createdByUserId, source: 'api' } } : { kind: 'booking', input: { ...single, createdByUserId, source: 'api' } });
    if (screened?.decision === 'challenge') return answerChallenge(ctx, screened);
    if (recurrence) {
      const result = await services.booking.scheduleSeries({ ...single, recurrence, createdByUserId, source: 'api' });
      if (result.occurrences[0]) await services.spam.attachBooking(screened?.decisionId ?? null, result.occurrences[0].booking.id);
      ctx.status = 201;
      ctx.body = presentSeriesBooking(result, { publicUrl });
      return;
    }
    const key = ctx.get('idempotency-key');
    if (key && !/^[\w.:-]{1,200}$/.test(key)) throw new DomainError('validation_failed', 'Idempotency-Key: use 1-200 letters, digits, "-", "_", ".", ":"', { errors: [{ field: 'Idempotency-Key', message: 'invalid' }] });
    // Anonymous callers' keys are scoped by their address (ctx.ip honours X-Forwarded-For only with TRUST_PROXY).
    const result = await services.booking.scheduleBooking({ ...single, createdByUserId, idempotencyKey: key || undefined, callerAddress: ctx.ip, source: 'api' }).catch(async (error: unknown) => {
      // A full group session, and the booker asked to wait for a seat: join its waitlist.
      if (!waitlist || !isDomainError(error) || error.details.reason !== 'full') throw error;
      return { waitlisted: await services.waitlist.join(input) };
    });
    if ('waitlisted' in result) {
      ctx.status = 202;
      ctx.body = { waitlisted: true, waitlist: presentWaitlistEntry(result.waitlisted) };
      return;
    }
    await services.spam.attachBooking(screened?.decisionId ?? null, result.booking.id);
    ctx.status = 201;
    if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
    // A paid event type: the slot is held and the booker pays at payment.checkoutUrl (or, with nothing left to pay, it is paid).
    const payment = await newBookingPayment(services, result.booking, single.promoCode);
    // Only a booking made with a code has a discount (a replay carries the same body).
    const promo = single.promoCode ? await services.billing.discountOfBooking(result.booking.id) : null;
    ctx.body = { ...presentMeeting(result.booking, { publicUrl, manageToken: result.manageToken, joinToken: result.joinToken }), manageToken: result.manageToken, ...(payment ? { payment } : {}), ...(promo ? { promo } : {}) };
  };
}

/** The payment object of a 201 for a new booking (a hold's checkout, or a promo code's paid 0), else undefined. */
async function newBookingPayment(services: AppDeps['services'], booking: { id: string; status: string }, promoCode: string | null | undefined) {
  const payment = await services.payments.paymentOfNewBooking(booking, promoCode);
  return payment ? presentPayment(payment) : undefined;
}

/** `POST /api/meetings/confirm`: a challenged booking (spam check) is booked when its e-mailed token comes back. */
function confirmHandler(services: AppDeps['services'], publicUrl: string) {
  return async (ctx: AppContext) => {
    const { token } = parseInput(confirmBookingSchema, ctx.request.body);
    const confirmed = await services.spam.confirmChallenge(token);
    ctx.status = 201;
    if (confirmed.kind === 'series') {
      ctx.body = presentSeriesBooking(confirmed.result, { publicUrl });
      return;
    }
    const { booking, manageToken } = confirmed.result;
    // The code (if any) came with the challenged request and was redeemed now: answer as /schedule would have.
    const promo = await services.billing.discountOfBooking(booking.id);
    const payment = await newBookingPayment(services, booking, promo?.code);
    ctx.body = { ...presentMeeting(booking, { publicUrl, manageToken }), manageToken, ...(payment ? { payment } : {}), ...(promo ? { promo } : {}) };
  };
}

/** Booking, managing and listing meetings. `/api/meetings/load` is registered before `/:id`. */
export function meetingRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const publicUrl = config.publicUrl;
  const bookingLimit = bookingRateLimit({ config, clock, runtime }, 'booking');

  router.post('/api/meetings/schedule', bookingLimit, scheduleHandler(services, publicUrl));
  router.post('/api/meetings/confirm', bookingLimit, confirmHandler(services, publicUrl));

  router.post('/api/meetings', requireAuth, async (ctx) => {
    const input = parseInput(adHocMeetingSchema, ctx.request.body);
    const meeting = await services.booking.scheduleAdHocBooking({ ...input, organizerUserId: ctx.state.principal!.userId, source: 'api' });
    ctx.status = 201;
    ctx.body = presentMeeting(meeting, { publicUrl });
  });

  router.get('/api/meetings', requireAuth, async (ctx) => {
    const q = parseInput(listMeetingsQuerySchema, ctx.query, 'query');
    const page = await services.booking.listBookings(ctx.state.principal!.userId, q);
    ctx.body = { meetings: page.bookings.map((m) => presentMeeting(m, { publicUrl })), nextCursor: page.nextCursor };
  });

  router.get('/api/meetings/load', requireAuth, async (ctx) => {
    const q = parseInput(loadQuerySchema, ctx.query, 'query');
    ctx.body = await services.booking.getBookingLoad(ctx.state.principal!.userId, q);
  });

  router.get('/api/meetings/:id', async (ctx) => {
    const { actor, timezone } = actorOf(ctx);
    const meeting = await services.booking.getBooking(ctx.params.id!, actor, { timezone });
    const payment = await services.payments.paymentOfMeeting(meeting.id, meeting.viewer);
    sendMeeting(ctx, meeting, { publicUrl, manageToken: actor.manageToken }, { ...(await meetingExtras(services, meeting.id)), ...(payment ? { payment: presentMeetingPayment(payment) } : {}) });
  });

  router.patch('/api/meetings/:id', requireAuth, async (ctx) => {
    const { actor } = actorOf(ctx);
    const input = parseInput(hostNotesSchema, ctx.request.body);
    sendMeeting(ctx, await services.booking.updateHostNotes(ctx.params.id!, input, actor), { publicUrl });
  });

  router.get('/api/meetings/:id/series', async (ctx) => {
    const { actor } = actorOf(ctx);
    ctx.body = presentSeries(await services.booking.getSeriesOf(ctx.params.id!, actor));
  });

  router.post('/api/meetings/:id/reschedule', async (ctx) => {
    const { actor } = actorOf(ctx);
    const input = parseInput(rescheduleSchema, ctx.request.body);
    if (input.scope === 'following') {
      ctx.body = presentSeriesChange(await services.booking.rescheduleSeries(ctx.params.id!, { start: input.start, scope: 'following', timezone: input.timezone }, actor), { publicUrl });
      return;
    }
    sendMeeting(ctx, await services.booking.rescheduleBooking(ctx.params.id!, input, actor), { publicUrl, manageToken: actor.manageToken });
  });

  router.post('/api/meetings/:id/cancel', async (ctx) => {
    const { actor } = actorOf(ctx);
    const input = parseInput(cancelSchema, ctx.request.body ?? {});
    if (input.scope === 'following' || input.scope === 'series') {
      ctx.body = presentSeriesChange(await services.booking.cancelSeries(ctx.params.id!, { scope: input.scope, reason: input.reason }, actor), { publicUrl });
      return;
    }
    sendMeeting(ctx, await services.booking.cancelBooking(ctx.params.id!, input, actor), { publicUrl, manageToken: actor.manageToken });
  });

  router.post('/api/meetings/:id/approve', async (ctx) => {
    const { actor } = actorOf(ctx);
    sendMeeting(ctx, await services.booking.approveBooking(ctx.params.id!, actor), { publicUrl });
  });

  router.post('/api/meetings/:id/decline', async (ctx) => {
    const { actor } = actorOf(ctx);
    const input = parseInput(reasonSchema, ctx.request.body ?? {});
    sendMeeting(ctx, await services.booking.declineBooking(ctx.params.id!, input, actor), { publicUrl });
  });

  router.post('/api/meetings/:id/complete', async (ctx) => {
    const { actor } = actorOf(ctx);
    sendMeeting(ctx, await services.booking.completeBooking(ctx.params.id!, actor), { publicUrl });
  });

  router.post('/api/meetings/:id/no-show', async (ctx) => {
    const { actor } = actorOf(ctx);
    sendMeeting(ctx, await services.booking.markNoShow(ctx.params.id!, actor), { publicUrl });
  });

  return router;
}
