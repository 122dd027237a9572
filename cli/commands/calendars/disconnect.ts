import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';

export default class CalendarsDisconnect extends ApiCommand<typeof CalendarsDisconnect> {
  static override summary = 'Disconnect a calendar account: revokes access and forgets its events; bookings stay.';
  static override examples = ['<%= config.bin %> calendars disconnect 3f1c2a9e-…'];
  static override args = { id: Args.string({ description: 'The connection id (CONNECTION in `yava calendars`).', required: true }) };

  async run(): Promise<{ id: string; disconnected: true }> {
    await this.spin('Disconnecting', this.client.delete(`/api/calendars/${encodeURIComponent(this.args.id)}`));
    this.log(`Disconnected ${this.args.id}. Your bookings are unchanged.`);
    return { id: this.args.id, disconnected: true };
  }
}
