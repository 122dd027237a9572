/**
 * Benchmark of core/nlp's deterministic parser against plain chrono-node on the SGD calendar
 * corpus (../shared/nlp/sgd_calendar_user_turns.jsonl, read in place, never copied).
 * Run: node --import tsx bench/nlp/run.ts   (writes bench/nlp/RESULTS.md)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { parseRequest } from '../../core/nlp/index.js';
import type { Intent } from '../../core/nlp/index.js';

interface Slot {
  slot: string;
  value: string;
  canonical: string;
}
interface Row {
  id: string;
  text: string;
  intent: string;
  slots: Slot[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusPath = path.resolve(repoRoot, '..', 'shared', 'nlp', 'sgd_calendar_user_turns.jsonl');
if (!existsSync(corpusPath)) {
  console.log(`Corpus not found at ${corpusPath}; nothing to benchmark (see /work/shared/nlp/README.md).`);
  process.exit(0);
}
const rows: Row[] = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Row);

// Reference: Friday 2019-03-01, wall-clock UTC (the corpus gives no zone).
const NOW = '2019-03-01T09:00:00.000Z';
const ZONE = 'UTC';
const chronoRef = new Date(2019, 2, 1, 9, 0, 0);
const ACTIONS: Record<string, Intent['action']> = { GetEvents: 'list', GetAvailableTime: 'availability', AddEvent: 'book' };

interface Reading {
  date: string | null;
  time: string | null;
  action: string | null;
}

/** Our date and time: the exact start, else the window's day, else the first candidate we ask about. */
function readOurs(intent: Intent): Reading {
  const firstCandidate = intent.ambiguities.find((a) => a.blocking)?.candidates[0] ?? null;
  const moment = intent.start ?? firstCandidate;
  const day = moment ?? intent.window?.start ?? null;
  const wall = (iso: string): DateTime => DateTime.fromISO(iso, { setZone: true });
  return {
    date: day ? wall(day).toISODate() : null,
    time: moment && (intent.start || intent.spans.some((s) => s.field === 'start')) ? wall(moment).toFormat('HH:mm') : null,
    action: intent.action,
  };
}

function readChrono(results: chrono.ParsedResult[], majority: string): Reading {
  const r = results[0];
  if (!r) return { date: null, time: null, action: majority };
  const s = r.start;
  const pad = (n: number | null): string => String(n ?? 0).padStart(2, '0');
  return {
    date: `${s.get('year')}-${pad(s.get('month'))}-${pad(s.get('day'))}`,
    time: s.isCertain('hour') ? `${pad(s.get('hour'))}:${pad(s.get('minute'))}` : null,
    action: majority,
  };
}

/** Kind of expression of a labelled span, for the per-kind breakdown. */
function kindOf(slot: string, value: string): string {
  const v = value.toLowerCase();
  if (slot === 'event_date') {
    if (/\b(today|tomorrow|tonight)\b/.test(v)) return 'date: relative day';
    if (/(mon|tues|wednes|thurs|fri|satur|sun)day/.test(v)) return 'date: weekday name';
    if (/of this month/.test(v)) return 'date: Nth of this month';
    if (/^the \d+/.test(v)) return 'date: "the Nth"';
    if (/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/.test(v)) return 'date: month + day';
    return 'date: other';
  }
  if (/half past|quarter (past|to)/.test(v)) return 'time: half past / quarter';
  if (/(morning|afternoon|evening|night)/.test(v)) return 'time: with part of day';
  if (/\b(am|pm)\b/.test(v)) return 'time: clock with am/pm';
  if (/^\d{1,2}:\d{2}$/.test(v)) return 'time: 24-hour clock';
  return 'time: other';
}

const counts = new Map<string, { n: number; ours: number; chrono: number }>();
const tally = (key: string, ours: boolean, base: boolean): void => {
  const c = counts.get(key) ?? { n: 0, ours: 0, chrono: 0 };
  c.n += 1;
  if (ours) c.ours += 1;
  if (base) c.chrono += 1;
  counts.set(key, c);
};

const labelCounts = new Map<string, number>();
for (const row of rows) labelCounts.set(row.intent, (labelCounts.get(row.intent) ?? 0) + 1);
const majorityIntent = [...labelCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'AddEvent';
const majority = ACTIONS[majorityIntent] ?? 'book';

const oursTimes: bigint[] = [];
const chronoTimes: bigint[] = [];
for (const row of rows) {
  let t0 = process.hrtime.bigint();
  const intent = parseRequest(row.text, { now: NOW, timezone: ZONE });
  oursTimes.push(process.hrtime.bigint() - t0);
  t0 = process.hrtime.bigint();
  const results = chrono.parse(row.text, chronoRef, { forwardDate: false });
  chronoTimes.push(process.hrtime.bigint() - t0);

  const ours = readOurs(intent);
  const base = readChrono(results, majority);
  const expectedAction = ACTIONS[row.intent];
  if (expectedAction) tally('intent/action', ours.action === expectedAction, base.action === expectedAction);
  for (const field of ['event_date', 'event_time'] as const) {
    const slot = row.slots.find((s) => s.slot === field);
    if (!slot) continue;
    const got = field === 'event_date' ? ours.date : ours.time;
    const want = slot.canonical;
    const baseGot = field === 'event_date' ? base.date : base.time;
    tally(field, got === want, baseGot === want);
    tally(kindOf(field, slot.value), got === want, baseGot === want);
    if (process.env.BENCH_MISSES && got !== want) console.log(`${field}\t${want}\t${got}\t${row.text}`);
  }
}

// Timing: a second pass over all rows, repeated, so the medians are not dominated by warm-up.
function medianMicros(times: bigint[]): number {
  const sorted = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Number(sorted[Math.floor(sorted.length / 2)] ?? 0n) / 1000;
}
oursTimes.length = 0;
chronoTimes.length = 0;
for (let pass = 0; pass < 2; pass += 1) {
  for (const row of rows) {
    let t0 = process.hrtime.bigint();
    parseRequest(row.text, { now: NOW, timezone: ZONE });
    oursTimes.push(process.hrtime.bigint() - t0);
    t0 = process.hrtime.bigint();
    chrono.parse(row.text, chronoRef, { forwardDate: false });
    chronoTimes.push(process.hrtime.bigint() - t0);
  }
}

const pct = (k: number, n: number): string => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)}%`);
const order = ['event_date', 'event_time', 'intent/action'];
const keys = [...counts.keys()].sort((a, b) => {
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
  return a.localeCompare(b);
});
const lines = [
  `SGD Calendar user turns: ${rows.length} rows; reference 2019-03-01 (Friday), wall-clock UTC.`,
  `Baseline: \`chrono.parse(text, ref, {forwardDate: false})\`, first result; action baseline = majority class (${majority}).`,
  '',
  '| field / kind | rows | yava core/nlp | plain chrono-node |',
  '|---|---:|---:|---:|',
  ...keys.map((k) => {
    const c = counts.get(k)!;
    const label = order.includes(k) ? `**${k}**` : k;
    return `| ${label} | ${c.n} | ${pct(c.ours, c.n)} | ${pct(c.chrono, c.n)} |`;
  }),
  `| median parse time per row | ${oursTimes.length / 2} | ${medianMicros(oursTimes).toFixed(0)} µs | ${medianMicros(chronoTimes).toFixed(0)} µs |`,
];
const table = lines.join('\n');
console.log(table);
writeFileSync(path.join(repoRoot, 'bench', 'nlp', 'RESULTS.md'), `# core/nlp benchmark\n\n${table}\n`);
