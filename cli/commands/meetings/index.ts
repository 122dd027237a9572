import { Flags } from '@oclif/core';
import { listMeetings, type ListMeetingsResult } from '../../actions/listMeetings.js';
import { ApiCommand } from '../../baseCommand.js';

export default class Meetings extends ApiCommand<typeof Meetings> {
  static override summary = 'List your meetings (upcoming by default).';
  static override examples = [
    '<%= config.bin %> meetings',
    '<%= config.bin %> meetings --past --limit 50',
    '<%= config.bin %> meetings --status pending',
    '<%= config.bin %> meetings --status pending_payment',
    '<%= config.bin %> meetings --all',
    '<%= config.bin %> meetings --from 2026-12-01 --to 2026-12-31 --json',
  ];
  static override flags = {
    past: Flags.boolean({ description: 'Show past meetings, most recent first.' }),
    status: Flags.string({ description: 'Only these statuses (comma-separated): pending, pending_payment, scheduled, canceled, rejected, completed, no_show. Default: pending, pending_payment and scheduled (with --past: pending, scheduled, completed and no_show).' }),
    all: Flags.boolean({ description: 'Every status, canceled and rejected meetings too.', exclusive: ['status'] }),
    from: Flags.string({ description: 'From this date or instant (YYYY-MM-DD or ISO).' }),
    to: Flags.string({ description: 'Up to this date or instant (YYYY-MM-DD or ISO).' }),
    limit: Flags.integer({ description: 'At most this many meetings.', default: 20, min: 1, max: 1000 }),
  };

  async run(): Promise<ListMeetingsResult> {
    return listMeetings(this.context, this.flags);
  }
}
