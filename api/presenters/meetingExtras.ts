import type { Services } from '../../core/services.js';

/** What the intelligence features know about one meeting, for GET /api/meetings/:id: the route it came by. */
export async function meetingExtras(services: Services, bookingId: string) {
  return { routing: await services.routing.routingOfBooking(bookingId) };
}
