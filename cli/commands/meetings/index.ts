import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import type { Meeting, MeetingsPage } from '../../types.js';
import { meetingsTable } from '../../views/meetings.js';
import { parseIsoInstant } from '../../when.js';
import { usageError } from '../../errors.js';

export default class Meetings extends ApiCommand<typeof Meetings> {
  static override summary = 'List your meetings (upcoming by default).';
  static override examples = [
    '<%= config.bin %> meetings',
    '<%= config.bin %> meetings --past --limit 50',
    '<%= config.bin %> meetings --status pending',
    '<%= config.bin %> meetings --all',
    '<%= config.bin %> meetings --from 2026-12-01 --to 2026-12-31 --json',
  ];
  static override flags = {
    past: Flags.boolean({ description: 'Show past meetings, most recent first.' }),
    status: Flags.string({ description: 'Only these statuses (comma-separated): pending, scheduled, canceled, rejected, completed, no_show. Default: all but canceled and rejected.' }),
    all: Flags.boolean({ description: 'Every status, canceled and rejected meetings too.', exclusive: ['status'] }),
    from: Flags.string({ description: 'From this date or instant (YYYY-MM-DD or ISO).' }),
    to: Flags.string({ description: 'Up to this date or instant (YYYY-MM-DD or ISO).' }),
    limit: Flags.integer({ description: 'At most this many meetings.', default: 20, min: 1, max: 1000 }),
  };

  async run(): Promise<{ meetings: Meeting[]; nextCursor: string | null }> {
    const zone = this.zone;
    const bound = (value: string | undefined, flag: string, endOfDay: boolean) => {
      if (!value) return undefined;
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return parseIsoInstant(`${value}T${endOfDay ? '23:59:59' : '00:00'}`, zone)!;
      const iso = parseIsoInstant(value, zone);
      if (!iso) throw usageError(`${flag}: expected YYYY-MM-DD or an ISO date-time (got "${value}")`);
      return iso;
    };
    // What is still on: canceled and rejected meetings only when asked for.
    const status = this.flags.status ?? (this.flags.all ? undefined : this.flags.past ? 'pending,scheduled,completed,no_show' : 'pending,scheduled');
    const query = { scope: this.flags.past ? 'past' : 'upcoming', status, from: bound(this.flags.from, '--from', false), to: bound(this.flags.to, '--to', true), timezone: zone };
    const meetings: Meeting[] = [];
    let cursor: string | null = null;
    const work = async () => {
      do {
        const page: MeetingsPage = await this.client.get<MeetingsPage>('/api/meetings', { ...query, limit: Math.min(100, this.flags.limit - meetings.length), cursor: cursor ?? undefined });
        meetings.push(...page.meetings);
        cursor = page.nextCursor;
      } while (cursor && meetings.length < this.flags.limit);
    };
    await this.spin('Loading meetings', work());
    if (!meetings.length) this.log(this.flags.past ? 'No past meetings.' : 'No upcoming meetings.');
    else this.log(meetingsTable(meetings, zone, this.paint));
    if (cursor) this.log(this.paint('dim', `(more: raise --limit)`));
    return { meetings, nextCursor: cursor };
  }
}
