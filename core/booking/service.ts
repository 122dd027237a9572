/**
 * The booking service: the booking use cases (one module each) bound to one set of
 * dependencies. It holds no logic of its own; see each use case for what it does and throws.
 */
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../calendars/secretBox.js';
import { noopNotifier } from '../notify/types.js';
import { getBookingLoad } from './bookingLoad.js';
import type { BookingContext, BookingServiceDeps } from './context.js';
import { HostQueue } from './hostQueue.js';
import { getBooking } from './getBooking.js';
import { cancelSeat, isSeatCancellation } from './cancelSeat.js';
import { releaseSeat } from './seats.js';
import { resolveJoinLink, revokeJoinLink } from './joinLinks.js';
import { listBookings, type ListBookingsInput } from './listBookings.js';
import { rescheduleBooking, type RescheduleBookingInput } from './rescheduleBooking.js';
import { updateHostNotes } from './updateHostNotes.js';
import { getBusyHeatmap, getWeekView } from './weekView.js';
import { scheduleAdHocBooking, type ScheduleAdHocBookingInput } from './scheduleAdHocBooking.js';
import { scheduleBooking, type ScheduleBookingInput } from './scheduleBooking.js';
import { approveBooking, cancelBooking, completeBooking, declineBooking, markNoShow } from './transitions.js';
import { cancelSeries, getSeriesOf, rescheduleSeries, type RescheduleSeriesInput, type SeriesScope } from './series/changeSeries.js';
import { scheduleSeries, type ScheduleSeriesInput } from './series/scheduleSeries.js';
import type { BookingActor } from './types.js';
import { manageTokenIssuer } from './manageTokens.js';
import { assignBooking, type AssignBookingInput } from './assignBooking.js';
import { decideRequests, listPendingRequests, type DecideRequestsInput } from './pendingRequests.js';

/** Bookings, their hosts and attendees. */
export function createBookingService({ db, clock, notifier = noopNotifier, box = createSecretBox(randomBytes(32)), payments, manageSecret, freeSeat = (trx, session) => releaseSeat(trx, session.id) }: BookingServiceDeps) {
  const ctx: BookingContext = { db, clock, notifier, box, payments, issueManageToken: manageTokenIssuer(manageSecret), hostQueue: new HostQueue() };
  return {
    scheduleBooking: (input: ScheduleBookingInput) => scheduleBooking(ctx, input),
    scheduleAdHocBooking: (input: ScheduleAdHocBookingInput) => scheduleAdHocBooking(ctx, input),
    rescheduleBooking: (id: string, input: RescheduleBookingInput, actor: BookingActor) => rescheduleBooking(ctx, id, input, actor),
    /** The same, inside the caller's transaction (conflict repair moves a booking and closes its proposal at once). */
    rescheduleBookingIn: (trx: Knex, id: string, input: RescheduleBookingInput, actor: BookingActor) => rescheduleBooking({ ...ctx, db: trx }, id, input, actor),
    /** A host cancels the whole meeting; an attendee of a group session gives up their seat only. */
    cancelBooking: async (id: string, input: { reason?: string | null }, actor: BookingActor) =>
      (await isSeatCancellation(db, id, actor)) ? cancelSeat(ctx, id, actor, freeSeat) : cancelBooking(ctx, id, input, actor),
    approveBooking: (id: string, actor: BookingActor) => approveBooking(ctx, id, actor),
    declineBooking: (id: string, input: { reason?: string | null }, actor: BookingActor) => declineBooking(ctx, id, input, actor),
    completeBooking: (id: string, actor: BookingActor) => completeBooking(ctx, id, actor),
    markNoShow: (id: string, actor: BookingActor) => markNoShow(ctx, id, actor),
    updateHostNotes: (id: string, input: { hostNotes: string }, actor: BookingActor) => updateHostNotes(ctx, id, input, actor),
    scheduleSeries: (input: ScheduleSeriesInput) => scheduleSeries(ctx, input),
    cancelSeries: (id: string, input: { scope: SeriesScope; reason?: string | null }, actor: BookingActor) => cancelSeries(ctx, id, input, actor),
    rescheduleSeries: (id: string, input: RescheduleSeriesInput, actor: BookingActor) => rescheduleSeries(ctx, id, input, actor),
    getSeriesOf: (id: string, actor: BookingActor) => getSeriesOf(ctx, id, actor),
    resolveJoinLink: (token: string) => resolveJoinLink(ctx, token),
    revokeJoinLink: (id: string, attendeeId: string, actor: BookingActor) => revokeJoinLink(ctx, id, attendeeId, actor),
    getBooking: (id: string, actor: BookingActor, options?: { timezone?: string }) => getBooking(ctx, id, actor, options),
    listBookings: (userId: string, input?: ListBookingsInput) => listBookings(ctx, userId, input),
    getBookingLoad: (userId: string, input?: { from?: string; to?: string; timezone?: string }) => getBookingLoad(ctx, userId, input),
    listPendingRequests: (userId: string) => listPendingRequests(ctx, userId),
    getWeekView: (userId: string, input?: { from?: string; timezone?: string }) => getWeekView(ctx, userId, input),
    getBusyHeatmap: (userId: string, input?: { timezone?: string; weeks?: number }) => getBusyHeatmap(ctx, userId, input),
    decideRequests: (userId: string, input: DecideRequestsInput) => decideRequests(ctx, userId, input),
    assignBooking: (id: string, input: AssignBookingInput, actorId: string) => assignBooking(ctx, id, input, actorId),
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
