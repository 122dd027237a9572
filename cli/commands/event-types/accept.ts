import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { hostedName } from '../../eventTypes.js';
import type { HostInvitation } from '../../types.js';

export default class EventTypesAccept extends ApiCommand<typeof EventTypesAccept> {
  static override summary = "Accept an invitation to host someone's event type: its meetings can then be booked with you.";
  static override examples = ['<%= config.bin %> event-types invitations', '<%= config.bin %> event-types accept 3f1c…'];
  static override args = { id: Args.string({ description: 'Invitation id, as `event-types invitations` lists it.', required: true }) };

  async run(): Promise<HostInvitation> {
    const invitation = await this.spin('Accepting', this.client.post<HostInvitation>(`/api/event-types/host-invitations/${encodeURIComponent(this.args.id)}/accept`));
    const name = hostedName(invitation.eventType);
    this.log(`You now host ${name} ("${invitation.eventType.title}"); ${invitation.eventType.owner.name} is told. To stop later: yava event-types leave ${name}`);
    return invitation;
  }
}
