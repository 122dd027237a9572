import type { Writable } from 'node:stream';
import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { downloadTo } from '../../download.js';
import { usageError } from '../../errors.js';
import { writeFileAtomically } from '../../outputFile.js';

export interface RoutingExportResult {
  file: string;
  bytes: number;
  rows: number;
}

export default class RoutingFormsExport extends ApiCommand<typeof RoutingFormsExport> {
  static override summary = 'Export a routing form\u2019s responses as CSV: the answers, the route taken, why, and the booking.';
  static override examples = ['<%= config.bin %> routing-forms export sales', '<%= config.bin %> routing-forms export sales --output - | wc -l'];
  static override args = { form: Args.string({ description: 'The form\u2019s slug or id.', required: true }) };
  static override flags = {
    output: Flags.string({ char: 'o', description: 'File to write (default: routing-<form>.csv; - for stdout).' }),
  };

  async run(): Promise<RoutingExportResult> {
    const form = this.args.form;
    const file = this.flags.output ?? `routing-${form.replace(/[^\w-]/g, '')}.csv`;
    const toStdout = file === '-';
    if (toStdout && this.jsonEnabled()) throw usageError('--json and --output - both want stdout; write to a file with --output FILE');
    const download = (out: Writable) => downloadTo(this.client, `/api/routing-forms/${encodeURIComponent(form)}/responses.csv`, {}, out, { countRows: true });
    const result = toStdout ? await download(process.stdout) : await writeFileAtomically(file, download);
    if (!toStdout) this.log(`Wrote ${file} (${result.total ?? result.lines} responses, ${result.bytes} bytes).`);
    return { file, bytes: result.bytes, rows: result.total ?? result.lines };
  }
}
