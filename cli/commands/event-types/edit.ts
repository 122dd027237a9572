import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { usageError } from '../../errors.js';
import { eventTypeBody, eventTypeFieldNames, eventTypeFlags, findEventType, pendingHostsNote } from '../../eventTypes.js';
import type { EventType } from '../../types.js';

export default class EventTypesEdit extends ApiCommand<typeof EventTypesEdit> {
  static override summary = 'Change an event type; only the flags given change.';
  static override examples = ['<%= config.bin %> event-types edit intro --duration 45', '<%= config.bin %> event-types edit intro --no-approval --title "Intro" --json'];
  static override args = { eventType: Args.string({ description: 'Slug or id.', required: true }) };
  static override fieldNames = eventTypeFieldNames;
  static override flags = eventTypeFlags;

  async run(): Promise<EventType> {
    const body = eventTypeBody(this.flags);
    if (!Object.keys(body).length) throw usageError('Nothing to change: give at least one flag, e.g. --duration 45 (see yava event-types edit --help)');
    const current = await findEventType(this.client, this.args.eventType);
    const updated = await this.spin('Saving', this.client.patch<EventType>(`/api/event-types/${current.id}`, body));
    this.log(`Updated ${this.paint('bold', updated.slug)}: ${Object.keys(body).join(', ')}.`);
    const note = pendingHostsNote(updated);
    if (note) this.log(note);
    return updated;
  }
}
