import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import type { Meeting } from '../types.js';
import { meetingDetails } from '../views/meetings.js';

export default class Assign extends ApiCommand<typeof Assign> {
  static override summary = 'Give a team meeting to a specific member (team admins); they must be free for it.';
  static override examples = ['<%= config.bin %> assign 9b2c41d0 bob', '<%= config.bin %> assign 9b2c41d0 bob --reason "Bob speaks German"'];
  static override args = {
    id: Args.string({ description: 'Meeting id, or its first 8+ characters as `yava meetings` shows.', required: true }),
    user: Args.string({ description: 'Username of the member who takes it.', required: true }),
  };
  static override flags = { reason: Flags.string({ description: 'Why (kept in the meeting history).', default: 'assigned by a team admin' }) };

  async run(): Promise<Meeting> {
    const body = { username: this.args.user.replace(/^@/, ''), reason: this.flags.reason };
    const meeting = await this.spin('Assigning', this.client.post<Meeting>(`/api/meetings/${encodeURIComponent(this.args.id)}/assign`, body));
    this.log(`Assigned to ${this.args.user.replace(/^@/, '')}:`);
    this.log(meetingDetails(meeting, this.zone, this.paint));
    return meeting;
  }
}
