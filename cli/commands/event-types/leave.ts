import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { findCoHostedEventType, hostedName, reinviteNote } from '../../eventTypes.js';

export default class EventTypesLeave extends ApiCommand<typeof EventTypesLeave> {
  static override summary = "Stop hosting someone else's event type (meetings already booked stay).";
  static override examples = ['<%= config.bin %> event-types leave ada/pairing', '<%= config.bin %> event-types leave 3f1c… --json'];
  static override args = { eventType: Args.string({ description: 'The event type as owner/slug (see `event-types invitations`), or its id.', required: true }) };

  async run(): Promise<{ id: string; eventType: string; left: true }> {
    const eventType = await findCoHostedEventType(this.client, this.args.eventType);
    // 204, no body: the cool-down is the rule's 7 days from now.
    await this.spin('Leaving', this.client.post(`/api/event-types/${eventType.id}/leave`));
    this.log(`You no longer host ${hostedName(eventType)}; ${eventType.owner.name} is told. Meetings already booked with you stay.`);
    this.log(reinviteNote(eventType.owner, undefined, this.zone));
    return { id: eventType.id, eventType: hostedName(eventType), left: true };
  }
}
