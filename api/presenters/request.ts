import type { MeetingRequest } from '../../core/requests/index.js';

/** The fields of a natural-language request that leave the API (`POST /api/requests`). */
export function presentRequest(r: MeetingRequest) {
  const p = r.proposal;
  return {
    id: r.id,
    status: r.status,
    text: r.text,
    timezone: r.timezone,
    intent: r.intent,
    question: r.question,
    slots: p?.slots ?? [],
    widened: p?.widened ?? false,
    /** The time asked for has already passed: the slots are the next free times from now. */
    past: p?.past ?? false,
    with: p?.participants ?? [],
    durationMinutes: p?.durationMinutes ?? null,
    title: p?.title ?? null,
    bookingId: r.bookingId,
    expiresAt: r.expiresAt,
  };
}
