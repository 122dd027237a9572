import type { BookingActor, BookingDetails, SlotList } from '../../core/booking/types.js';
import { DateTime } from 'luxon';
import { DomainError } from '../../core/errors.js';

/**
 * What the conversation needs from scheduling and booking. The bot never decides availability
 * or books by itself: {@link schedulingPortFrom} forwards to core's `scheduling` and `booking`.
 */
export interface SchedulingPort {
  listCommonSlots(input: { usernames: string[]; durationMinutes: number; from: string; to: string; timezone: string }): Promise<SlotList>;
  scheduleAdHocMeeting(input: { organizerUserId: string; usernames: string[]; start: string; durationMinutes: number; title: string; source: string }): Promise<BookingDetails>;
  listMeetings(input: { userId: string; from: string; timezone: string }): Promise<BookingDetails[]>;
  cancelMeeting(input: { id: string; actor: BookingActor; reason?: string | null }): Promise<BookingDetails>;
}

/** The part of core's services (core/services.ts) the bots call. */
export interface CoreSchedulingServices {
  scheduling: {
    listCommonSlots(input: { usernames: string[]; durationMinutes: number; from?: string; to?: string; timezone?: string }): Promise<SlotList>;
  };
  booking: {
    scheduleAdHocBooking(input: { organizerUserId: string; usernames: string[]; start: string; durationMinutes: number; title: string; source: string }): Promise<BookingDetails>;
    listBookings(userId: string, input: { scope?: 'upcoming' | 'past'; from?: string; timezone?: string; limit?: number }): Promise<{ bookings: BookingDetails[] }>;
    cancelBooking(id: string, input: { reason?: string | null }, actor: BookingActor): Promise<BookingDetails>;
  };
}

export function schedulingPortFrom(services: Partial<CoreSchedulingServices>): SchedulingPort {
  const need = <K extends keyof CoreSchedulingServices>(key: K): CoreSchedulingServices[K] => {
    const service = services[key];
    if (!service) throw new DomainError('not_configured', 'Scheduling is not available on this server yet');
    return service;
  };
  return {
    // The service takes whole days in the zone; the conversation asks for instants (a part of
    // day, an exact start), so ask for the days they cover and keep the slots inside.
    listCommonSlots: async ({ from, to, timezone, ...rest }) => {
      const fromMs = Date.parse(from);
      const toMs = Date.parse(to);
      const day = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).toISODate()!;
      const list = await need('scheduling').listCommonSlots({ ...rest, timezone, from: day(fromMs), to: day(Math.max(fromMs, toMs - 1)) });
      return { ...list, slots: list.slots.filter((s) => Date.parse(s.start) >= fromMs && Date.parse(s.end) <= toMs) };
    },
    scheduleAdHocMeeting: (input) => need('booking').scheduleAdHocBooking(input),
    listMeetings: async ({ userId, from, timezone }) => (await need('booking').listBookings(userId, { scope: 'upcoming', from, timezone, limit: 25 })).bookings,
    cancelMeeting: ({ id, actor, reason }) => need('booking').cancelBooking(id, { reason }, actor),
  };
}
