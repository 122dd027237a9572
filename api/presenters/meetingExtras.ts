import type { Services } from '../../core/services.js';

/**
 * What the intelligence features know about one meeting, for GET /api/meetings/:id (the caller
 * may see the meeting): the route it came by, its summary and its recordings.
 */
export async function meetingExtras(services: Services, bookingId: string) {
  const summary = await services.summaries.summaryOfBooking(bookingId);
  return {
    routing: await services.routing.routingOfBooking(bookingId),
    recordings: await services.conferencing.recordingsOfBooking(bookingId),
    summary: summary ? { summary: summary.summary, decisions: summary.decisions, actionItems: summary.actionItems, method: summary.method, updatedAt: summary.updatedAt } : null,
  };
}
