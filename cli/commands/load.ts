import { Flags } from '@oclif/core';
import { DateTime } from 'luxon';
import { ApiCommand } from '../baseCommand.js';
import { formatMinutes, renderTable } from '../format.js';
import type { LoadDay } from '../types.js';
import { addDays, parseDateFlag, todayIn } from '../when.js';

export default class Load extends ApiCommand<typeof Load> {
  static override summary = 'Meetings per day: count and busy time.';
  static override examples = ['<%= config.bin %> load', '<%= config.bin %> load --from 2026-12-01 --to 2026-12-31 --json'];
  static override flags = {
    from: Flags.string({ description: 'First day (YYYY-MM-DD, today). Default: today.' }),
    to: Flags.string({ description: 'Last day (YYYY-MM-DD). Default: two weeks from --from.' }),
  };

  async run(): Promise<{ timezone: string; days: LoadDay[] }> {
    const zone = this.zone;
    const from = this.flags.from ? parseDateFlag(this.flags.from, zone, '--from') : todayIn(zone);
    const to = this.flags.to ? parseDateFlag(this.flags.to, zone, '--to') : addDays(from, 13);
    const res = await this.spin('Loading', this.client.get<{ timezone: string; days: LoadDay[] }>('/api/meetings/load', { from, to, timezone: zone }));
    const max = Math.max(60, ...res.days.map((d) => d.busyMinutes));
    this.log(
      renderTable(
        ['DAY', 'MEETINGS', 'BUSY', ''],
        res.days.map((d) => [DateTime.fromISO(d.date).toFormat('ccc dd LLL yyyy'), String(d.count), formatMinutes(d.busyMinutes), this.paint('cyan', '█'.repeat(Math.round((d.busyMinutes / max) * 30)))]),
        this.paint,
      ),
    );
    return { timezone: res.timezone, days: res.days };
  }
}
