import type { Writable } from 'node:stream';
import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { usageError } from '../../errors.js';
import { downloadTo } from '../../download.js';
import { writeFileAtomically } from '../../outputFile.js';
import { addDays, parseDateFlag, todayIn } from '../../when.js';

export interface ExportResult {
  format: 'csv' | 'pdf';
  file: string;
  bytes: number;
  rows: number | null;
}

export default class ExportMeetings extends ApiCommand<typeof ExportMeetings> {
  static override summary = 'Export meetings as CSV (every row and status) or a PDF report with totals and charts.';
  static override description = 'Days are whole days in --tz; times in the CSV carry that zone\u2019s offset. A progress bar shows on a terminal. --output - writes to stdout.';
  static override examples = [
    '<%= config.bin %> export meetings --format csv --from 2026-10-01 --to 2026-10-31',
    '<%= config.bin %> export meetings --format pdf --scope team:sales --output sales.pdf',
    '<%= config.bin %> export meetings --format csv --output - | wc -l',
  ];
  static override flags = {
    format: Flags.string({ description: 'csv or pdf.', options: ['csv', 'pdf'], default: 'csv' }),
    from: Flags.string({ description: 'First day (YYYY-MM-DD; default: 29 days before --to).' }),
    to: Flags.string({ description: 'Last day (YYYY-MM-DD; default: today).' }),
    scope: Flags.string({ description: 'me, team:<slug> or all (admins).', default: 'me' }),
    output: Flags.string({ char: 'o', description: 'File to write (default: meetings-<from>-<to>.<format>; - for stdout).' }),
    bom: Flags.boolean({ description: 'Start the CSV with a UTF-8 byte order mark (for spreadsheet programs).' }),
  };

  async run(): Promise<ExportResult> {
    const zone = this.zone;
    const format = this.flags.format as 'csv' | 'pdf';
    // The defaults are the server's (to: today, from: 29 days before), filled in here so the file is named by the range asked for.
    const to = this.flags.to ? parseDateFlag(this.flags.to, zone, '--to') : todayIn(zone);
    const from = this.flags.from ? parseDateFlag(this.flags.from, zone, '--from') : addDays(to, -29);
    if (from > to) throw usageError('--from must not be after --to');
    const file = this.flags.output ?? `meetings-${from}-${to}.${format}`;
    const toStdout = file === '-';
    if (toStdout && this.jsonEnabled()) throw usageError('--json and --output - both want stdout; write to a file with --output FILE');
    const query = { scope: this.flags.scope, timezone: zone, from, to, ...(this.flags.bom ? { bom: '1' } : {}) };
    const download = (out: Writable) => downloadTo(this.client, `/api/exports/meetings.${format}`, query, out, { countRows: format === 'csv' });
    const result = toStdout ? await download(process.stdout) : await writeFileAtomically(file, download);
    if (!toStdout) this.log(`Wrote ${file} (${format === 'csv' ? `${result.total ?? result.lines} meetings, ` : ''}${result.bytes} bytes).`);
    return { format, file, bytes: result.bytes, rows: format === 'csv' ? (result.total ?? result.lines) : null };
  }
}
