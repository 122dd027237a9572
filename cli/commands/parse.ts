import { Args, Flags, ux } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import { usageError } from '../errors.js';
import { formatInstant, formatMinutes } from '../format.js';
import { readInputLines } from '../input.js';
import { terminal } from '../terminal.js';
import type { Intent } from '../types.js';
import { parseText } from '../when.js';

/** "+30 min (later)", "-1 day (earlier)": a move by an amount, signed as the intent carries it. */
const shiftText = (amount: number, size: string): string => (amount > 0 ? `+${size} (later)` : `-${size} (earlier)`);

/** The row of a move by an amount ("push my 3pm back 30 minutes"; `start` is then the meeting that moves), if one was said. */
function moveRows(intent: Intent): Array<[string, string]> {
  const { shiftMinutes: minutes, shiftDays: days } = intent;
  return [
    ...(minutes ? [['move by', shiftText(minutes, formatMinutes(Math.abs(minutes)))] as [string, string]] : []),
    ...(days ? [['move by', shiftText(days, `${Math.abs(days)} ${Math.abs(days) === 1 ? 'day' : 'days'}`)] as [string, string]] : []),
  ];
}

export default class Parse extends ApiCommand<typeof Parse> {
  static override summary = 'Read a scheduling request in plain English, as the bots and `yava book` do.';
  static override description = 'With no argument, reads one request per line from stdin and writes one JSON intent per line (JSONL).';
  static override examples = [
    '<%= config.bin %> parse "30 min with @alice next Tue afternoon"',
    '<%= config.bin %> parse "lunch with bob tomorrow at noon" --tz Europe/Berlin --now 2026-11-24T09:00:00Z --json',
    'printf "call alice friday 3pm\\nweekly sync mondays 10am\\n" | <%= config.bin %> parse > intents.jsonl',
  ];
  static override strict = false;
  static override args = { text: Args.string({ description: 'The request; quote it or not.' }) };
  static override flags = { now: Flags.string({ description: 'Treat this ISO instant as "now" (for reproducible results).' }) };

  async run(): Promise<Intent | undefined> {
    const zone = this.zone;
    const text = this.rest.join(' ').trim();
    if (!text) {
      if (terminal.isInteractive()) throw usageError('Give a request to read, e.g. yava parse "30 min with alice tomorrow 3pm" (or pipe one per line on stdin)');
      for await (const line of readInputLines()) {
        if (!line.trim()) continue;
        const intent = await parseText(this.client, line, zone, this.flags.now);
        ux.stdout(JSON.stringify(intent));
      }
      return undefined;
    }
    const intent = await this.spin('Reading', parseText(this.client, text, zone, this.flags.now));
    const show = (iso: string | null) => (iso ? formatInstant(iso, zone) : '-');
    const rows: Array<[string, string]> = [
      ['action', intent.action],
      ['start', show(intent.start)],
      ['end', show(intent.end)],
      ['window', intent.window ? `${show(intent.window.start)} – ${show(intent.window.end)}` : '-'],
      ['duration', intent.durationMinutes ? `${intent.durationMinutes} min` : '-'],
      ...moveRows(intent),
      ['with', intent.attendees.map((a) => a.handle ?? a.email ?? a.name).join(', ') || '-'],
      ['title', intent.title ?? '-'],
      ['repeats', intent.recurrence ?? '-'],
      ['zone', intent.timezone],
      ['confidence', intent.confidence.toFixed(2)],
    ];
    if (intent.missing.length) rows.push(['missing', this.paint('yellow', intent.missing.join(', '))]);
    for (const a of intent.ambiguities) rows.push(['note', a.message]);
    const width = Math.max(...rows.map(([k]) => k.length));
    this.log(rows.map(([k, v]) => `${this.paint('bold', k.padEnd(width))}  ${v}`).join('\n'));
    return intent;
  }
}
