import { ApiCommand } from '../../baseCommand.js';
import { hostedName } from '../../eventTypes.js';
import { renderTable } from '../../format.js';
import type { HostInvitation, HostedEventType } from '../../types.js';

export default class EventTypesInvitations extends ApiCommand<typeof EventTypesInvitations> {
  static override summary = "Invitations to host other people's event types, and the ones you host.";
  static override description = 'Nobody is booked through someone else\'s event type until they accept: answer with `event-types accept <id>` or `event-types decline <id>`; leave one you host with `event-types leave <owner/slug>`.';
  static override examples = ['<%= config.bin %> event-types invitations', '<%= config.bin %> event-types invitations --json'];

  async run(): Promise<{ invitations: HostInvitation[]; coHosted: HostedEventType[] }> {
    const [{ invitations }, { eventTypes: coHosted }] = await this.spin(
      'Loading',
      Promise.all([this.client.get<{ invitations: HostInvitation[] }>('/api/event-types/host-invitations'), this.client.get<{ eventTypes: HostedEventType[] }>('/api/event-types/co-hosted')]),
    );
    const row = (e: HostedEventType) => [hostedName(e), e.title, `${e.durationMinutes}`, e.kind];
    if (!invitations.length) this.log('No invitations to host an event type.');
    else {
      this.log(renderTable(['ID', 'EVENT TYPE', 'TITLE', 'MIN', 'KIND', 'FROM'], invitations.map((i) => [i.id, ...row(i.eventType), i.eventType.owner.name]), this.paint));
      this.log('Answer with: yava event-types accept <id>  ·  yava event-types decline <id>');
    }
    if (coHosted.length) {
      this.log('');
      this.log('You host:');
      this.log(renderTable(['EVENT TYPE', 'TITLE', 'MIN', 'KIND'], coHosted.map(row), this.paint));
      this.log('Stop with: yava event-types leave <event type>');
    }
    return { invitations, coHosted };
  }
}
