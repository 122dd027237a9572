import { Args, Flags } from '@oclif/core';
import { chartOf } from '../../core/analytics/charts.js';
import { ApiCommand } from '../baseCommand.js';
import { drawChart } from '../charts.js';
import { parseDateFlag } from '../when.js';

/** The metrics `GET /api/analytics/<metric>` answers. */
export const METRIC_NAMES = ['bookings', 'cancellations', 'reschedules', 'no-shows', 'utilisation', 'busiest-hours', 'lead-time', 'team-performance', 'funnel', 'revenue'] as const;

type MetricAnswer = { metric: string; scope: string; from: string; to: string; timezone: string } & Record<string, unknown>;

export default class Analytics extends ApiCommand<typeof Analytics> {
  static override summary = 'Figures about your meetings, a team\u2019s or (admins) everyone\u2019s, drawn in the terminal.';
  static override description =
    'Trends as sparklines, per-person figures as bars, busiest hours as a weekday × hour heatmap (colour only on a terminal). --json gives the numbers as the API answers them. Dates are whole days in --tz (default: your system zone).';
  static override examples = [
    '<%= config.bin %> analytics bookings --from 2026-10-01 --to 2026-10-31 --group-by week',
    '<%= config.bin %> analytics busiest-hours --scope team:sales',
    '<%= config.bin %> analytics no-shows --scope all --json',
    '<%= config.bin %> analytics revenue --from 2026-10-01 --to 2026-12-31 --group-by month',
  ];
  static override args = { metric: Args.string({ description: 'Which figure.', required: true, options: [...METRIC_NAMES] }) };
  static override flags = {
    scope: Flags.string({ description: 'me, team:<slug> or all (admins).', default: 'me' }),
    from: Flags.string({ description: 'First day (YYYY-MM-DD; default: 29 days before --to).' }),
    to: Flags.string({ description: 'Last day (YYYY-MM-DD; default: today).' }),
    'group-by': Flags.string({ description: 'Period of a trend.', options: ['day', 'week', 'month'], default: 'day' }),
  };

  async run(): Promise<MetricAnswer> {
    const zone = this.zone;
    const query = {
      scope: this.flags.scope,
      timezone: zone,
      groupBy: this.flags['group-by'],
      ...(this.flags.from ? { from: parseDateFlag(this.flags.from, zone, '--from') } : {}),
      ...(this.flags.to ? { to: parseDateFlag(this.flags.to, zone, '--to') } : {}),
    };
    const result = await this.spin('Counting', this.client.get<MetricAnswer>(`/api/analytics/${this.args.metric}`, query));
    this.log(drawChart(chartOf(result), this.paint));
    return result;
  }
}
