import { Args, Flags } from '@oclif/core';
import { showSlots, type SlotsResult } from '../actions/showSlots.js';
import { ApiCommand } from '../baseCommand.js';

export type { SlotsResult } from '../actions/showSlots.js';

export default class Slots extends ApiCommand<typeof Slots> {
  static override summary = "Show free slots for someone's event type, or common free time for several people.";
  static override examples = [
    '<%= config.bin %> slots demo/intro',
    '<%= config.bin %> slots demo/deep-dive --days 3 --tz America/New_York',
    '<%= config.bin %> slots demo/intro --from 2026-12-01 --to 2026-12-05 --json',
    '<%= config.bin %> slots --with alice,bob --duration 30',
    '<%= config.bin %> slots demo/intro --smart --near 2026-12-03T15:00:00Z',
  ];
  static override args = { target: Args.string({ description: '<user>/<event-type>, e.g. demo/intro.' }) };
  static override flags = {
    from: Flags.string({ description: 'First day (YYYY-MM-DD, today, tomorrow). Default: today.' }),
    to: Flags.string({ description: 'Last day (YYYY-MM-DD). Default: from + days - 1.' }),
    days: Flags.integer({ description: 'How many days to show.', default: 7, min: 1, max: 90 }),
    with: Flags.string({ description: 'Common free time of these users (comma-separated usernames).' }),
    duration: Flags.integer({ description: 'Meeting length in minutes (with --with).', min: 1, max: 1440 }),
    smart: Flags.boolean({ description: 'Rank the slots (smart times): the best three first, with a score and the reasons.' }),
    near: Flags.string({ description: 'With --smart: the time you would like (ISO date-time, e.g. 2026-12-03T15:00:00Z).', dependsOn: ['smart'] }),
    attendees: Flags.string({ description: 'With --smart: other attendees (usernames or emails, comma-separated) whose working hours count.', dependsOn: ['smart'] }),
  };

  async run(): Promise<SlotsResult> {
    return showSlots(this.context, { ...this.flags, target: this.args.target });
  }
}
