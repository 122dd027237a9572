import { Args } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import type { Meeting } from '../types.js';
import { meetingDetails } from '../views/meetings.js';

export default class Approve extends ApiCommand<typeof Approve> {
  static override summary = 'Approve a pending booking request.';
  static override examples = ['<%= config.bin %> meetings --status pending', '<%= config.bin %> approve 9b2c…'];
  static override args = { id: Args.string({ description: 'Meeting id, or its first 8+ characters as `yava meetings` shows.', required: true }) };

  async run(): Promise<Meeting> {
    const meeting = await this.spin('Approving', this.client.post<Meeting>(`/api/meetings/${encodeURIComponent(this.args.id)}/approve`));
    this.log('Approved:');
    this.log(meetingDetails(meeting, this.zone, this.paint));
    return meeting;
  }
}
