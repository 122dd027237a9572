import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { historyAmount, historyCsv, historyRows, planLine, type BillingHistory, type CurrentPlan } from '../../billing.js';
import { formatInstant, renderTable } from '../../format.js';
import { DateTime } from 'luxon';
import { parseDateFlag } from '../../when.js';

export default class Billing extends ApiCommand<typeof Billing> {
  static override summary = 'Your plan and billing history: payments received and invoices issued.';
  static override examples = ['<%= config.bin %> billing', '<%= config.bin %> billing --from 2026-11-01 --to 2026-12-01', '<%= config.bin %> billing --csv > billing.csv', '<%= config.bin %> billing --json'];
  static override flags = {
    from: Flags.string({ description: 'Only from this day on (YYYY-MM-DD, in your zone).' }),
    to: Flags.string({ description: 'Only up to and including this day (YYYY-MM-DD).' }),
    csv: Flags.boolean({ description: 'Print CSV (one row per payment or invoice) for spreadsheets.', exclusive: ['json'] }),
  };

  async run(): Promise<BillingHistory> {
    const query: Record<string, string> = {};
    const dayStart = (day: string, plusDays = 0) => DateTime.fromISO(day, { zone: this.zone }).plus({ days: plusDays }).toUTC().toISO()!;
    if (this.flags.from) query.from = dayStart(parseDateFlag(this.flags.from, this.zone, '--from'));
    if (this.flags.to) query.to = dayStart(parseDateFlag(this.flags.to, this.zone, '--to'), 1);
    const history = await this.spin('Loading billing history', this.client.get<BillingHistory>('/api/billing/history', query));
    const rows = historyRows(history);
    if (this.flags.csv) {
      process.stdout.write(historyCsv(rows));
      return history;
    }
    // People see their plan first; --json and --csv stay the history alone, as before.
    if (!this.jsonEnabled()) this.log(planLine(await this.client.get<CurrentPlan>('/api/billing/plan')));
    if (!rows.length) this.log('No payments or invoices yet.');
    else this.log(renderTable(['DATE', 'TYPE', 'REFERENCE', 'STATUS', 'AMOUNT', 'DESCRIPTION'], rows.map((r) => [formatInstant(r.date, this.zone), r.type, r.reference, r.status, historyAmount(r), r.description]), this.paint));
    return history;
  }
}
