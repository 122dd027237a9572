import type { FindDateOptions } from './dates.js';
import { maskRange } from './text.js';
import { findWhen, type WhenParts } from './when.js';

/** What parts a choice between two days or times: "or", and commas in a list of them ("monday, tuesday or friday"). */
const SEPARATOR = /\s+or\s+|\s*,\s*/gi;

/** A piece that starts with a bare hour ("11", "11:30", "11 tomorrow"). */
const BARE_HOUR = /^\d{1,2}(?::[0-5]\d)?(?![\d:])/;

const saysWhen = (parts: WhenParts): boolean => Boolean(parts.time || parts.date || parts.part);

/** `work` with everything outside `[from, to)` blanked, so a piece is read alone and keeps its offsets. */
const only = (work: string, from: number, to: number): string => maskRange(maskRange(work, 0, from), to, work.length - to);

/** The first run of neighbouring pieces that each say when and are joined by at least one "or". */
function firstChoice(readings: WhenParts[], joins: boolean[]): number[] | null {
  let run: number[] = [];
  const isChoice = (r: number[]) => r.length > 1 && r.slice(1).some((i) => joins[i - 1]);
  for (let i = 0; i <= readings.length; i += 1) {
    if (i < readings.length && saysWhen(readings[i]!)) {
      run.push(i);
      continue;
    }
    if (isChoice(run)) return run;
    run = [];
  }
  return null;
}

/**
 * A choice of days or times in a request: "monday or tuesday", "tomorrow or friday afternoon",
 * "monday at 10 or tuesday at 3pm", "monday, tuesday or friday". Each alternative is read as if
 * said alone, and what is said once for all is shared: a time or part of the day said after them
 * ("monday or tuesday at 3pm" is 3pm on both), a day said before or after a bare time ("monday at
 * 10 or 3pm" is Monday at 3pm). Null when the request names one when: an "or" between things that
 * are not all times ("with alice or bob tomorrow", "coffee or lunch") is no choice of times.
 * @example findAlternatives('meet monday or tuesday at 3pm', { now })?.length // 2
 */
export function findAlternatives(work: string, options: FindDateOptions): WhenParts[] | null {
  if (!/\sor\s/i.test(work)) return null;
  const cuts = [...work.matchAll(SEPARATOR)];
  const pieces = cuts.map((cut, i) => ({ from: i === 0 ? 0 : cuts[i - 1]!.index + cuts[i - 1]![0].length, to: cut.index }));
  const last = cuts.at(-1)!;
  pieces.push({ from: last.index + last[0].length, to: work.length });
  const readings = pieces.map((p, i) => {
    const alone = findWhen(only(work, p.from, p.to), options);
    // "at 10 or 11", "at 10 or 11 tomorrow": a bare hour after "or" is a time; read it as "at 11" (same length, same offsets).
    const cut = cuts[i - 1];
    if (alone.time || !cut || !/or/i.test(cut[0]) || !BARE_HOUR.test(work.slice(p.from, p.to))) return alone;
    const orAt = cut.index + cut[0].search(/or/i);
    const text = only(work, orAt, p.to);
    return findWhen(`${text.slice(0, orAt)}at${text.slice(orAt + 2)}`, options);
  });
  const run = firstChoice(readings, cuts.map((cut) => /or/i.test(cut[0])));
  if (!run) return null;
  const chosen = run.map((i) => readings[i]!);
  return chosen.map((own, k) => {
    const before = chosen.slice(0, k).reverse();
    const after = chosen.slice(k + 1);
    const date = own.date ?? before.find((r) => r.date)?.date ?? after.find((r) => r.date)?.date ?? null;
    if (own.time || own.part) return { ...own, date };
    const shared = after.find((r) => r.time || r.part);
    return { time: shared?.time ?? null, part: shared?.part ?? null, date };
  });
}
