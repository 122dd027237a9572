import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import type { Meeting } from '../types.js';
import { meetingDetails } from '../views/meetings.js';

export default class Decline extends ApiCommand<typeof Decline> {
  static override summary = 'Decline a pending booking request.';
  static override examples = ['<%= config.bin %> decline 9b2c…', '<%= config.bin %> decline 9b2c… --reason "Fully booked that week"'];
  static override args = { id: Args.string({ description: 'Meeting id, or its first 8+ characters as `yava meetings` shows.', required: true }) };
  static override flags = { reason: Flags.string({ description: 'Why, shown to the requester.' }) };

  async run(): Promise<Meeting> {
    const meeting = await this.spin('Declining', this.client.post<Meeting>(`/api/meetings/${encodeURIComponent(this.args.id)}/decline`, this.flags.reason ? { reason: this.flags.reason } : {}));
    this.log('Declined:');
    this.log(meetingDetails(meeting, this.zone, this.paint));
    return meeting;
  }
}
