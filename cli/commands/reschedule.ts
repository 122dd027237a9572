import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import { askInput } from '../prompts.js';
import type { Meeting } from '../types.js';
import { meetingDetails } from '../views/meetings.js';
import { resolveWhen } from '../when.js';

export default class Reschedule extends ApiCommand<typeof Reschedule> {
  static override summary = 'Move a meeting to another time.';
  static override examples = ['<%= config.bin %> reschedule 9b2c… --to "tomorrow 3pm"', '<%= config.bin %> reschedule 9b2c… --to 2026-12-01T10:00 --tz Europe/Berlin --json'];
  static override args = { id: Args.string({ description: 'Meeting id, or its first 8+ characters as `yava meetings` shows.', required: true }) };
  // A value the server refuses is named by the flag that gave it.
  static override fieldNames = { start: '--to', timezone: '--tz' };
  static override flags = { to: Flags.string({ description: 'The new start: ISO, or plain English ("friday 10am").' }) };

  async run(): Promise<Meeting> {
    const text = await this.need(this.flags.to, '--to', () => askInput('New time (e.g. "friday 10am")'), 'the new time');
    const start = await resolveWhen(this.client, text, this.zone, '--to');
    // The zone goes too, so a refused time's nearest free times are named in ours, as `yava book` does.
    const meeting = await this.spin('Rescheduling', this.client.post<Meeting>(`/api/meetings/${encodeURIComponent(this.args.id)}/reschedule`, { start, timezone: this.zone }));
    this.log('Rescheduled:');
    this.log(meetingDetails(meeting, this.zone, this.paint));
    return meeting;
  }
}
