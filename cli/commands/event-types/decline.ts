import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { hostedName, reinviteNote } from '../../eventTypes.js';
import type { HostInvitation } from '../../types.js';

export default class EventTypesDecline extends ApiCommand<typeof EventTypesDecline> {
  static override summary = "Decline an invitation to host someone's event type.";
  static override examples = ['<%= config.bin %> event-types invitations', '<%= config.bin %> event-types decline 3f1c…'];
  static override args = { id: Args.string({ description: 'Invitation id, as `event-types invitations` lists it.', required: true }) };

  async run(): Promise<HostInvitation> {
    const invitation = await this.spin('Declining', this.client.post<HostInvitation>(`/api/event-types/host-invitations/${encodeURIComponent(this.args.id)}/decline`));
    this.log(`Declined to host ${hostedName(invitation.eventType)} ("${invitation.eventType.title}"); ${invitation.eventType.owner.name} is told.`);
    this.log(reinviteNote(invitation.eventType.owner, invitation.reinviteAllowedAt, this.zone));
    return invitation;
  }
}
