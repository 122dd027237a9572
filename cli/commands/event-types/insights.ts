import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { findEventType } from '../../eventTypes.js';

interface Quantile {
  minutes: number;
  low: number;
  high: number;
}

export interface EventTypeInsights {
  eventTypeId: string;
  title: string;
  configuredMinutes: number;
  meetings: number;
  noShows: number;
  noShowRate: number | null;
  followUps: number;
  durations: { median: Quantile | null; p80: Quantile | null };
  byAttendeeCount: Array<{ attendees: string; meetings: number; medianMinutes: number }>;
  suggestion: { minutes: number; share: number; message: string } | null;
}

export default class EventTypesInsights extends ApiCommand<typeof EventTypesInsights> {
  static override summary = "Learned durations: how long an event type's meetings actually need, and a suggestion when the evidence is strong.";
  static override examples = ['<%= config.bin %> event-types insights intro', '<%= config.bin %> event-types insights intro --json'];
  static override args = { eventType: Args.string({ description: 'Slug or id.', required: true }) };

  async run(): Promise<EventTypeInsights> {
    const eventType = await findEventType(this.client, this.args.eventType);
    const i = await this.spin('Reading the history', this.client.get<EventTypeInsights>(`/api/event-types/${eventType.id}/insights`));
    const q = (x: Quantile | null) => (x ? `${x.minutes} min (90% interval ${x.low}–${x.high})` : 'not enough history');
    this.log(`${this.paint('bold', i.title)} · configured ${i.configuredMinutes} min · ${i.meetings} meetings, ${i.noShows} no-shows, ${i.followUps} follow-ups`);
    this.log(`Median: ${q(i.durations.median)}`);
    this.log(`80% end within: ${q(i.durations.p80)}`);
    this.log(i.suggestion ? `Suggestion: ${i.suggestion.message}` : 'No change suggested.');
    return i;
  }
}
