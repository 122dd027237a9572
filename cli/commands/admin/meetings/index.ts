import { Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import { dayRange, renderMeetings, type AdminMeetingView } from '../../../admin.js';

export default class AdminMeetings extends ApiCommand<typeof AdminMeetings> {
  static override summary = 'Search every meeting by person, status and dates (admins).';
  static override description = 'Subcommand: cancel. Dates are whole days in --tz.';
  static override examples = ['<%= config.bin %> admin meetings --person ann@example.org', '<%= config.bin %> admin meetings --status no_show,canceled --from 2026-11-01 --to 2026-11-30 --json'];
  static override flags = {
    person: Flags.string({ description: 'Part of a host\u2019s or attendee\u2019s name, username or email.' }),
    status: Flags.string({ description: 'Statuses, comma-separated: pending, pending_payment, scheduled, canceled, rejected, completed, no_show.' }),
    from: Flags.string({ description: 'First day (YYYY-MM-DD).' }),
    to: Flags.string({ description: 'Last day (YYYY-MM-DD).' }),
    limit: Flags.integer({ description: 'How many meetings.', default: 50, min: 1, max: 200 }),
  };

  async run(): Promise<{ meetings: AdminMeetingView[]; nextCursor: string | null }> {
    const { person, status, limit } = this.flags;
    const range = dayRange(this.flags.from, this.flags.to, this.zone);
    const result = await this.spin('Loading meetings', this.client.get<{ meetings: AdminMeetingView[]; nextCursor: string | null }>('/api/admin/meetings', { person, status, limit, ...range }));
    this.log(renderMeetings(result.meetings, this.zone, this.paint));
    return result;
  }
}
