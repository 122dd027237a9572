import { ApiCommand } from '../../baseCommand.js';
import { renderTable } from '../../format.js';
import type { EventType } from '../../types.js';

export default class EventTypesList extends ApiCommand<typeof EventTypesList> {
  static override summary = 'List your event types (and your teams\').';
  static override examples = ['<%= config.bin %> event-types list', '<%= config.bin %> event-types list --json'];

  async run(): Promise<{ eventTypes: EventType[] }> {
    const { eventTypes } = await this.spin('Loading', this.client.get<{ eventTypes: EventType[] }>('/api/event-types'));
    if (!eventTypes.length) this.log('No event types yet: yava event-types create');
    else
      this.log(
        renderTable(
          ['SLUG', 'TITLE', 'MIN', 'KIND', 'APPROVAL', 'ID'],
          eventTypes.map((e) => [e.slug, e.title, String(e.durationMinutes), String(e.kind ?? ''), e.requiresApproval ? 'yes' : 'no', e.id]),
          this.paint,
        ),
      );
    return { eventTypes };
  }
}
