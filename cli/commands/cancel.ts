import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import type { Meeting } from '../types.js';
import { meetingDetails } from '../views/meetings.js';

export default class Cancel extends ApiCommand<typeof Cancel> {
  static override summary = 'Cancel a meeting; attendees are told.';
  static override examples = ['<%= config.bin %> cancel 9b2c…', '<%= config.bin %> cancel 9b2c… --reason "Out sick" --json'];
  static override args = { id: Args.string({ description: 'Meeting id, or its first 8+ characters as `yava meetings` shows.', required: true }) };
  static override flags = { reason: Flags.string({ description: 'Why, shown to the attendees.' }) };

  async run(): Promise<Meeting> {
    const meeting = await this.spin('Canceling', this.client.post<Meeting>(`/api/meetings/${encodeURIComponent(this.args.id)}/cancel`, this.flags.reason ? { reason: this.flags.reason } : {}));
    this.log('Canceled:');
    this.log(meetingDetails(meeting, this.zone, this.paint));
    return meeting;
  }
}
