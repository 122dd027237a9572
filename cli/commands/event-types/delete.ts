import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { CliError } from '../../errors.js';
import { findEventType } from '../../eventTypes.js';
import { EXIT } from '../../exitCodes.js';
import { askConfirm } from '../../prompts.js';

export default class EventTypesDelete extends ApiCommand<typeof EventTypesDelete> {
  static override summary = 'Delete an event type (booked meetings stay).';
  static override examples = ['<%= config.bin %> event-types delete intro', '<%= config.bin %> event-types delete 3f1c… --yes --json'];
  static override args = { eventType: Args.string({ description: 'Slug or id.', required: true }) };
  static override flags = { yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }) };

  async run(): Promise<{ id: string; slug: string; deleted: true }> {
    const eventType = await findEventType(this.client, this.args.eventType);
    if (!this.flags.yes && this.canPrompt() && !(await askConfirm(`Delete ${eventType.slug} (${eventType.title})?`, false))) {
      throw new CliError('Not deleted', { exit: EXIT.failure, code: 'canceled' });
    }
    await this.spin('Deleting', this.client.delete(`/api/event-types/${eventType.id}`));
    this.log(`Deleted ${eventType.slug}.`);
    return { id: eventType.id, slug: eventType.slug, deleted: true };
  }
}
