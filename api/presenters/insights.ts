import type { EventTypeInsights } from '../../core/intelligence/eventTypeInsights.js';

/** Learned durations of an event type, as GET /api/event-types/:id/insights answers. */
export function presentEventTypeInsights(i: EventTypeInsights) {
  return {
    eventTypeId: i.eventTypeId,
    title: i.title,
    configuredMinutes: i.configuredMinutes,
    meetings: i.meetings,
    noShows: i.noShows,
    noShowRate: i.noShowRate,
    followUps: i.followUps,
    durations: { median: i.median, p80: i.p80 },
    byAttendeeCount: i.byAttendeeCount,
    suggestion: i.suggestion,
  };
}
