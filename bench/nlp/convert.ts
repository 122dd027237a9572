/**
 * Converts two public corpora into the JSON-lines files bench/nlp reads. Only this script is
 * committed; the converted rows stay in the git-ignored bench/nlp/.corpora/ (see bench/README.md
 * for sources, commits and licences).
 *
 *   node --import tsx bench/nlp/convert.ts --duckling <Duckling/Time/EN/Corpus.hs> --slurp <dir>
 *
 * - Duckling (facebook/duckling, BSD-3-Clause): the English time corpus, `allExamples` plus the
 *   default locale's `custom` list. Each example is a phrase with its value at Duckling's test
 *   reference (Tuesday 2013-02-12 04:30, UTC-2). Holiday rows and open intervals ("until 2pm")
 *   are left out before any measuring: a scheduling parser knows no holiday calendar, and an
 *   open interval has no start to compare.
 * - SLURP (pswietojanski/slurp, text CC BY 4.0): the calendar scenario of the test and devel
 *   splits, spoken commands to a voice assistant with their intent and the spans of their
 *   date / time / timeofday entities (no resolved values exist in SLURP).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '.corpora');

export interface DucklingRow {
  id: string;
  text: string;
  /** Wall-clock start at Duckling's reference, "YYYY-MM-DDTHH:mm:ss". */
  start: string;
  grain: string;
  interval: boolean;
  group: number;
}

export interface SlurpRow {
  id: string;
  text: string;
  intent: string;
  /** Character spans [start, end) of the date, time and timeofday entities. */
  when: Array<{ type: string; start: number; end: number; text: string }>;
}

function closing(src: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < src.length; i += 1) {
    const c = src[i];
    if (c === '"') {
      for (i += 1; i < src.length && src[i] !== '"'; i += src[i] === '\\' ? 2 : 1);
      continue;
    }
    if (c === left) depth += 1;
    else if (c === right && (depth -= 1) === 0) return i;
  }
  return -1;
}

/** Reads `examples (datetime (…) Grain) [ "…", … ]` and `datetimeInterval ((…), (…)) Grain`. */
export function parseDucklingCorpus(src: string): DucklingRow[] {
  const start = src.indexOf('allExamples ::');
  const customStart = src.indexOf('custom = concat');
  const sections = [src.slice(customStart, src.indexOf('negativeCorpus ::')), src.slice(start)];
  const rows: DucklingRow[] = [];
  let group = 0;
  for (const section of sections) {
    const head = /examples \((datetime|datetimeInterval) /g;
    for (let m = head.exec(section); m; m = head.exec(section)) {
      const open = m.index + 'examples '.length;
      const close = closing(section, open, '(', ')');
      const valueText = section.slice(open + 1, close);
      const listOpen = section.indexOf('[', close);
      const listClose = closing(section, listOpen, '[', ']');
      const tuple = /\((\d{4}),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)\)/.exec(valueText);
      const grain = /\)\s*([A-Z][a-z]+)\s*$/.exec(valueText)?.[1];
      if (!tuple || !grain) continue;
      const p = (i: number, n = 2): string => String(Number(tuple[i])).padStart(n, '0');
      const value = `${p(1, 4)}-${p(2)}-${p(3)}T${p(4)}:${p(5)}:${p(6)}`;
      group += 1;
      const strings = section.slice(listOpen, listClose).matchAll(/"((?:[^"\\]|\\.)*)"/g);
      for (const s of strings) {
        const text = (s[1] ?? '').replace(/\\(.)/g, '$1');
        rows.push({
          id: `duckling-${group}-${rows.length}`,
          text,
          start: value,
          grain,
          interval: m[1] === 'datetimeInterval',
          group,
        });
      }
      head.lastIndex = listClose;
    }
  }
  return rows;
}

interface SlurpSource {
  slurp_id: number;
  sentence: string;
  intent: string;
  scenario: string;
  tokens: Array<{ surface: string; id: number }>;
  entities: Array<{ span: number[]; type: string }>;
}

/** Keeps the calendar scenario; token spans become character spans in the sentence. */
export function convertSlurp(lines: string[]): SlurpRow[] {
  const rows: SlurpRow[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as SlurpSource;
    if (r.scenario !== 'calendar') continue;
    const offsets: number[] = [];
    let at = 0;
    for (const t of r.tokens) {
      const i = r.sentence.indexOf(t.surface, at);
      offsets.push(i < 0 ? at : i);
      at = (i < 0 ? at : i) + t.surface.length;
    }
    const when = r.entities
      .filter((e) => e.type === 'date' || e.type === 'time' || e.type === 'timeofday')
      .map((e) => {
        const first = Math.min(...e.span);
        const last = Math.max(...e.span);
        const s = offsets[first] ?? 0;
        const end = (offsets[last] ?? 0) + (r.tokens[last]?.surface.length ?? 0);
        return { type: e.type, start: s, end, text: r.sentence.slice(s, end) };
      });
    rows.push({ id: `slurp-${r.slurp_id}`, text: r.sentence, intent: r.intent, when });
  }
  return rows;
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  mkdirSync(outDir, { recursive: true });
  const duckling = arg('--duckling');
  if (duckling) {
    const rows = parseDucklingCorpus(readFileSync(duckling, 'utf8'));
    writeFileSync(path.join(outDir, 'duckling_en_time.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    console.log(`duckling: ${rows.length} rows`);
  }
  const slurp = arg('--slurp');
  if (slurp) {
    const lines = ['test.jsonl', 'devel.jsonl'].flatMap((f) => readFileSync(path.join(slurp, f), 'utf8').split('\n'));
    const rows = convertSlurp(lines);
    writeFileSync(path.join(outDir, 'slurp_calendar.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    console.log(`slurp: ${rows.length} rows`);
  }
  if (!duckling && !slurp)
    console.log('Usage: convert.ts --duckling <Corpus.hs> --slurp <dir with test.jsonl and devel.jsonl>');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
