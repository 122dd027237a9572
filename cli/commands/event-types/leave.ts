import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { findCoHostedEventType, hostedName, reinviteNote } from '../../eventTypes.js';
import type { LeftEventType } from '../../types.js';

export default class EventTypesLeave extends ApiCommand<typeof EventTypesLeave> {
  static override summary = "Stop hosting someone else's event type (meetings already booked stay).";
  static override examples = ['<%= config.bin %> event-types leave ada/pairing', '<%= config.bin %> event-types leave 3f1c… --json'];
  static override args = { eventType: Args.string({ description: 'The event type as owner/slug (see `event-types invitations`), or its id.', required: true }) };

  async run(): Promise<{ id: string; eventType: string; left: true; reinviteAllowedAt?: string }> {
    const eventType = await findCoHostedEventType(this.client, this.args.eventType);
    // A server from before reinviteAllowedAt answered 204, with no body.
    const left = await this.spin('Leaving', this.client.post<LeftEventType | undefined>(`/api/event-types/${eventType.id}/leave`));
    this.log(`You no longer host ${hostedName(eventType)}; ${eventType.owner.name} is told. Meetings already booked with you stay.`);
    this.log(reinviteNote(eventType.owner, left?.reinviteAllowedAt, this.zone));
    return { id: eventType.id, eventType: hostedName(eventType), left: true, ...(left?.reinviteAllowedAt ? { reinviteAllowedAt: left.reinviteAllowedAt } : {}) };
  }
}
