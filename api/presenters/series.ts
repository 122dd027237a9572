import type { ScheduleSeriesResult, SeriesChangeResult, SeriesDetails } from '../../core/booking/index.js';
import { presentMeeting } from './meeting.js';

/** The fields of a series that leave the API. */
export function presentSeries(s: SeriesDetails) {
  return {
    id: s.id,
    rrule: s.rrule,
    timezone: s.timezone,
    frequency: s.frequency,
    interval: s.interval,
    count: s.count,
    until: s.until,
    icalUid: s.icalUid,
    eventType: s.eventType ? { slug: s.eventType.slug } : null,
    occurrences: s.occurrences.map((o) => ({ index: o.index, id: o.bookingId, recurrenceStart: o.recurrenceStart, start: o.start, end: o.end, status: o.status })),
  };
}

/** A series just booked: the series, each meeting booked (with its manage token), and the conflicts left out. */
export function presentSeriesBooking(r: ScheduleSeriesResult, options: { publicUrl: string }) {
  return {
    series: presentSeries(r.series),
    meetings: r.occurrences.map((o) => ({ index: o.index, ...presentMeeting(o.booking, { publicUrl: options.publicUrl, manageToken: o.manageToken }), manageToken: o.manageToken })),
    conflicts: r.conflicts,
  };
}

/** A change of several meetings of a series: the series as it is now and the meetings changed. */
export function presentSeriesChange(r: SeriesChangeResult, options: { publicUrl: string }) {
  return { series: presentSeries(r.series), meetings: r.changed.map((m) => presentMeeting(m, { publicUrl: options.publicUrl })) };
}
