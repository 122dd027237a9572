import type { Services } from '../../core/services.js';

/**
 * What the intelligence features know about one meeting, for GET /api/meetings/:id (the caller
 * may see the meeting): the route it came by and its summary.
 */
export async function meetingExtras(services: Services, bookingId: string) {
  const summary = await services.summaries.summaryOfBooking(bookingId);
  return {
    routing: await services.routing.routingOfBooking(bookingId),
    summary: summary ? { summary: summary.summary, decisions: summary.decisions, actionItems: summary.actionItems, method: summary.method, updatedAt: summary.updatedAt } : null,
  };
}
