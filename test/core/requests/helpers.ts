import { parseRequest } from '../../../core/nlp/index.js';
import { createRequestService } from '../../../core/requests/index.js';
import { setUpBookingWorld } from '../booking/helpers.js';

/**
 * The booking world (ada in UTC, bob in Berlin, cy in New York, Mon–Fri 09–17 each, a clock at
 * Tuesday 2026-11-24 10:00Z) with core's request workflow over it, reading with the rule parser.
 */
export async function setUpRequestWorld() {
  const world = await setUpBookingWorld();
  const requests = createRequestService({
    db: world.db,
    clock: world.clock,
    nlp: { parse: async (text, options) => parseRequest(text, options) },
    scheduling: world.scheduling,
    booking: world.booking,
  });
  return { ...world, requests };
}

export type RequestWorld = Awaited<ReturnType<typeof setUpRequestWorld>>;
