/**
 * Benchmark of core/nlp's deterministic parser (no LLM) against plain chrono-node, in one run:
 * the development corpus (SGD calendar turns, ../shared/nlp, read in place) and two added public
 * corpora converted by bench/nlp/convert.ts (Duckling's English time corpus, SLURP's calendar
 * commands), each as a tuning part and a held-out part (split rule in corpora.ts).
 * Run: node --import tsx bench/nlp/run.ts   (writes bench/nlp/RESULTS.md)
 *
 * BENCH_MISSES=1 prints the misses of the TUNING parts of the development corpus and of SLURP:
 * the held-out parts (and Duckling) are measured, never read row by row.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { parseRequest } from '../../core/nlp/index.js';
import type { Intent } from '../../core/nlp/index.js';
import { type Part, SPLIT_SEED, loadDuckling, loadSgd, loadSlurp, repoRoot } from './corpora.js';

interface Figure {
  corpus: string;
  figure: string;
  baseline: string;
  counts: Record<Part, { n: number; ours: number; base: number }>;
}
const figures: Figure[] = [];
function figure(
  corpus: string,
  name: string,
  baseline = 'chrono-node',
): (part: Part, ours: boolean, base: boolean) => void {
  const f: Figure = {
    corpus,
    figure: name,
    baseline,
    counts: { tuning: { n: 0, ours: 0, base: 0 }, 'held-out': { n: 0, ours: 0, base: 0 } },
  };
  figures.push(f);
  return (part, ours, base) => {
    const c = f.counts[part];
    c.n += 1;
    if (ours) c.ours += 1;
    if (base) c.base += 1;
  };
}

interface Reading {
  date: string | null;
  time: string | null;
}
/** Our date and time: the exact start, else the first candidate we ask about, else the window's start. */
function readOurs(intent: Intent): Reading {
  const candidate = intent.ambiguities.find((a) => a.blocking)?.candidates[0] ?? null;
  const moment = intent.start ?? candidate;
  const day = moment ?? intent.window?.start ?? null;
  const wall = (iso: string): DateTime => DateTime.fromISO(iso, { setZone: true });
  const time = moment ?? (intent.window ? intent.window.start : null);
  return { date: day ? wall(day).toISODate() : null, time: time ? wall(time).toFormat('HH:mm') : null };
}
function readChrono(results: chrono.ParsedResult[]): Reading {
  const s = results[0]?.start;
  if (!s) return { date: null, time: null };
  const pad = (n: number | null): string => String(n ?? 0).padStart(2, '0');
  return {
    date: `${s.get('year')}-${pad(s.get('month'))}-${pad(s.get('day'))}`,
    time: `${pad(s.get('hour'))}:${pad(s.get('minute'))}`,
  };
}

const timings = { ours: [] as bigint[], chrono: [] as bigint[] };
const samples: Array<() => void> = [];
function measure<T>(list: bigint[], run: () => T): T {
  const t0 = process.hrtime.bigint();
  const out = run();
  list.push(process.hrtime.bigint() - t0);
  return out;
}

const notes: string[] = [];

// Development corpus: SGD Calendar user turns; reference Friday 2019-03-01, wall-clock UTC.
const sgd = loadSgd();
if (sgd) {
  const now = '2019-03-01T09:00:00.000Z';
  const ref = { instant: new Date(now), timezone: 0 };
  const ACTIONS: Record<string, Intent['action']> = {
    GetEvents: 'list',
    GetAvailableTime: 'availability',
    AddEvent: 'book',
  };
  const date = figure('SGD calendar (dev)', 'event_date');
  const time = figure('SGD calendar (dev)', 'event_time');
  // Only turns that state an intent (new_intent) carry one to read; later turns ("yes, at 4")
  // inherit the dialogue's intent from earlier turns.
  const action = figure('SGD calendar (dev)', 'intent → action (turns stating one)', 'majority class');
  const stated = sgd.filter((r) => r.new_intent);
  const byIntent = new Map<string, number>();
  for (const r of stated) byIntent.set(r.intent, (byIntent.get(r.intent) ?? 0) + 1);
  const majority = [...byIntent.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const row of sgd) {
    const opts = { now, timezone: 'UTC' };
    samples.push(() => parseRequest(row.text, opts));
    const intent = parseRequest(row.text, opts);
    const ours = readOurs(intent);
    const base = readChrono(chrono.parse(row.text, ref, { forwardDate: false }));
    if (row.new_intent) action(row.part, intent.action === ACTIONS[row.intent], row.intent === majority);
    // A time counts only when we read one (not the start of a day's window).
    const ourTime = intent.start || intent.spans.some((s) => s.field === 'start') ? ours.time : null;
    for (const [slot, tally, got, baseGot] of [
      ['event_date', date, ours.date, base.date],
      ['event_time', time, ourTime, base.time],
    ] as const) {
      const want = row.slots.find((s) => s.slot === slot)?.canonical;
      if (!want) continue;
      tally(row.part, got === want, baseGot === want);
      if (process.env.BENCH_MISSES && row.part === 'tuning' && got !== want)
        console.log(`${slot}\t${want}\t${got}\t${row.text}`);
    }
  }
} else notes.push('SGD corpus not found at ../shared/nlp/ — skipped.');

// Duckling English time corpus; reference Tuesday 2013-02-12 04:30 at UTC-2.
const duckling = loadDuckling();
if (duckling) {
  const now = '2013-02-12T04:30:00.000-02:00';
  const ref = { instant: new Date(now), timezone: -120 };
  const value = figure('Duckling EN time', 'value at its grain');
  for (const row of duckling) {
    const opts = { now, timezone: 'Etc/GMT+2', locale: 'en-US' };
    samples.push(() => parseRequest(row.text, opts));
    const ours = readOurs(parseRequest(row.text, opts));
    const base = readChrono(chrono.parse(row.text, ref, { forwardDate: false }));
    const [wantDate, wantClock] = [row.start.slice(0, 10), row.start.slice(11, 16)];
    const timed = row.grain === 'Second' || row.grain === 'Minute' || row.grain === 'Hour';
    const ok = (r: Reading): boolean => r.date === wantDate && (!timed || r.time === wantClock);
    value(row.part, ok(ours), ok(base));
  }
} else notes.push('Duckling corpus not converted (bench/nlp/.corpora/) — skipped; see bench/README.md.');

// SLURP calendar commands: intent and whether the date/time the annotators marked is found.
const slurp = loadSlurp();
if (slurp) {
  const now = '2026-11-30T09:00:00.000Z';
  const ref = { instant: new Date(now), timezone: 0 };
  const action = figure('SLURP calendar', 'intent → action', 'majority class');
  const found = figure('SLURP calendar', 'date/time found (rows with one)');
  const quiet = figure('SLURP calendar', 'no date/time invented (rows without)');
  const expected: Record<string, Array<Intent['action']>> = {
    calendar_set: ['book', 'reschedule'],
    calendar_remove: ['cancel'],
    calendar_query: ['list', 'availability'],
  };
  for (const row of slurp) {
    const opts = { now, timezone: 'UTC' };
    samples.push(() => parseRequest(row.text, opts));
    const intent = parseRequest(row.text, opts);
    const results = chrono.parse(row.text, ref, { forwardDate: false });
    const want = expected[row.intent] ?? [];
    action(row.part, want.includes(intent.action), want.includes('book'));
    const ourSpans = intent.spans
      .filter((s) => ['start', 'end', 'window', 'recurrence'].includes(s.field))
      .map((s) => [s.index, s.index + s.text.length]);
    const baseSpans = results.map((r) => [r.index, r.index + r.text.length]);
    const covers = (spans: number[][]): boolean =>
      row.when.every((w) => spans.some(([a, b]) => a! < w.end && b! > w.start));
    const ourWhen = intent.start !== null || intent.window !== null || intent.ambiguities.some((a) => a.blocking);
    const ok = row.when.length > 0 ? ourWhen && covers(ourSpans) : !ourWhen;
    if (row.when.length > 0) found(row.part, ok, baseSpans.length > 0 && covers(baseSpans));
    else quiet(row.part, ok, results.length === 0);
    if (process.env.BENCH_MISSES && row.part === 'tuning' && !ok)
      console.log(`slurp\t${row.when.map((w) => `${w.type}:${w.text}`).join('|') || '(none)'}\t${intent.spans.map((s) => `${s.field}:${s.text}`).join('|')}\t${row.text}`);
  }
} else notes.push('SLURP corpus not converted (bench/nlp/.corpora/) — skipped; see bench/README.md.');

// Timing: every row of every corpus, two passes after the scoring pass warmed up.
for (let pass = 0; pass < 2; pass += 1) {
  for (const run of samples) measure(timings.ours, run);
}
const chronoTexts = [...(sgd ?? []), ...(duckling ?? []), ...(slurp ?? [])].map((r) => r.text);
for (let pass = 0; pass < 2; pass += 1) {
  for (const text of chronoTexts) measure(timings.chrono, () => chrono.parse(text, new Date(0)));
}
function median(times: bigint[]): number {
  const sorted = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Number(sorted[Math.floor(sorted.length / 2)] ?? 0n) / 1e6;
}

const pct = (k: number, n: number): string => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)}%`);
function verdict(c: { n: number; ours: number; base: number }): string {
  if (c.n === 0) return '–';
  const ours = c.ours / c.n;
  const base = c.base / c.n;
  const ratio = base === 0 ? '∞' : (ours / base).toFixed(2);
  return `${ratio}× ${ours > 0.9 || (base > 0 && ours >= 1.5 * base) || (base === 0 && ours > 0) ? 'ok' : 'MISSED'}`;
}
const lines = [
  `Split: FNV-1a of \`${SPLIT_SEED}:<key>\`, half held-out (see bench/nlp/corpora.ts). Baseline: \`chrono.parse(text, ref, {forwardDate: false})\`, first result; for actions, the majority class of that corpus.`,
  '',
  '| corpus | figure | part | rows | yava core/nlp | baseline | ratio, goal (held-out: ≥ 1.5× or > 90%) |',
  '|---|---|---|---:|---:|---:|---|',
];
for (const f of figures) {
  for (const part of ['tuning', 'held-out'] as const) {
    const c = f.counts[part];
    const goal = part === 'held-out' ? verdict(c) : '';
    lines.push(
      `| ${f.corpus} | ${f.figure} | ${part} | ${c.n} | ${pct(c.ours, c.n)} | ${pct(c.base, c.n)} ${f.baseline === 'chrono-node' ? '' : `(${f.baseline})`} | ${goal} |`,
    );
  }
}
const parseBudget = median(timings.ours) < 2 ? 'ok (< 2 ms)' : 'OVER 2 ms';
lines.push(
  `| all | median parse time per request | all | ${samples.length} | ${median(timings.ours).toFixed(3)} ms | ${median(timings.chrono).toFixed(3)} ms | ${parseBudget} |`,
);
lines.push(...notes.map((n) => `\n${n}`));
const table = lines.join('\n');
console.log(table);
writeFileSync(path.join(repoRoot, 'bench', 'nlp', 'RESULTS.md'), `# core/nlp benchmark\n\n${table}\n`);
