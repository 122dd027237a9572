import { Args } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import type { Meeting } from '../types.js';
import { meetingDetails } from '../views/meetings.js';

export default class Show extends ApiCommand<typeof Show> {
  static override summary = 'Show one meeting.';
  static override examples = ['<%= config.bin %> show 9b2c…', '<%= config.bin %> show 9b2c… --json --tz UTC'];
  static override args = { id: Args.string({ description: 'Meeting id, or its first 8+ characters as `yava meetings` shows.', required: true }) };

  async run(): Promise<Meeting> {
    const meeting = await this.spin('Loading', this.client.get<Meeting>(`/api/meetings/${encodeURIComponent(this.args.id)}`));
    this.log(meetingDetails(meeting, this.zone, this.paint));
    return meeting;
  }
}
