import type { Clock } from '../clock.js';
import type { BookingService, BookingDetails, SchedulingService } from '../booking/index.js';
import { DomainError, isDomainError } from '../errors.js';
import { findFreeSlots } from './findFreeSlots.js';
import type { PeopleDirectory } from './people.js';
import type { RequestStore, StoredRequest } from './store.js';

export interface BookRequestDeps {
  clock: Clock;
  scheduling: Pick<SchedulingService, 'listCommonSlots'>;
  booking: Pick<BookingService, 'scheduleAdHocBooking' | 'getBooking'>;
  store: RequestStore;
  people: PeopleDirectory;
  own(id: string, userId: string): Promise<StoredRequest>;
}

export interface BookRequestInput {
  id: string;
  userId: string;
  /** The picked start (one of the proposed slots, or any time everyone is free). */
  start: string;
  notes?: string | null;
}

export interface BookRequestResult {
  meeting: BookingDetails;
  /** True when the request was already booked at this start (a retried pick): nothing new was booked. */
  replayed: boolean;
}

/**
 * Books a proposed request at `start`: a meeting with the asker and everyone named, when all
 * are free. A request books once: a retried pick of the same start answers the same meeting, a
 * second pick of another start is a conflict. A time taken meanwhile throws slot_unavailable
 * with fresh `alternatives` (stored as the request's new slots).
 *
 * Throws not_found, invalid_transition (a question is open, expired, not a booking),
 * conflict (already booked), slot_unavailable, user_not_found, validation_failed.
 * @example bookRequest({ id, userId, start: '2026-11-25T14:00:00.000Z' }) // {meeting, replayed: false}
 */
export function createBookRequest({ clock, scheduling, booking, store, people, own }: BookRequestDeps) {
  async function alreadyBooked(request: StoredRequest, start: string, userId: string): Promise<BookRequestResult> {
    const meeting = request.bookingId ? await booking.getBooking(request.bookingId, { userId }) : null;
    if (meeting && Date.parse(meeting.start) === Date.parse(start)) return { meeting, replayed: true };
    throw new DomainError('conflict', 'You already picked a time for this request', { details: { bookingId: request.bookingId } });
  }

  function requireBookable(request: StoredRequest): void {
    if (request.status === 'question') throw new DomainError('invalid_transition', `Answer the question first: ${request.question}`, { details: { question: request.question } });
    if (!request.proposal || (request.status !== 'proposed' && request.status !== 'booking')) {
      throw new DomainError('invalid_transition', 'This request cannot be booked: send a new one', { details: { status: request.status } });
    }
    if (Date.parse(request.expiresAt) <= clock.now().getTime()) throw new DomainError('invalid_transition', 'These times have expired: send the request again');
  }

  return async function bookRequest(input: BookRequestInput): Promise<BookRequestResult> {
    const request = await own(input.id, input.userId);
    if (request.status === 'booked') return alreadyBooked(request, input.start, input.userId);
    requireBookable(request);
    const proposal = request.proposal!;
    if (!(await store.claim(request.id))) {
      const now = await own(input.id, input.userId);
      if (now.status === 'booked') return alreadyBooked(now, input.start, input.userId);
      throw new DomainError('conflict', 'You already picked a time for this request');
    }
    const participants = proposal.participants.map((p) => p.username);
    try {
      const meeting = await booking.scheduleAdHocBooking({
        organizerUserId: input.userId,
        usernames: participants,
        start: input.start,
        durationMinutes: proposal.durationMinutes,
        title: proposal.title,
        source: request.source,
        notes: input.notes ?? null,
      });
      await store.markBooked(request.id, meeting.id);
      return { meeting, replayed: false };
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'slot_unavailable') {
        await store.release(request.id);
        throw error;
      }
      const usernames = [(await people.byId(request.userId)).username, ...participants];
      const fresh = await findFreeSlots(scheduling, { usernames, durationMinutes: proposal.durationMinutes, timezone: request.timezone, windows: proposal.windows ?? [proposal.window], now: clock.now() });
      await store.release(request.id, { ...proposal, ...fresh });
      // Keep core's reason and sentence; the alternatives are the request's own fresh slots, as stored.
      throw new DomainError('slot_unavailable', error.message, { details: { ...error.details, requestId: request.id, alternatives: fresh.slots, widened: fresh.widened } });
    }
  };
}
