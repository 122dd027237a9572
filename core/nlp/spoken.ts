/**
 * The number-words layer: turns speech-style text into the written form the date and time
 * grammars read, and remembers where every character came from so spans still point into
 * what the user said.
 *
 * - fillers ("um", "uh", "er", "hmm", and "like" before a time: "at like four") are dropped;
 * - cardinals become digits ("twenty three" → 23), spoken clock times become H:MM
 *   ("ten thirty" → 10:30, "twelve oh three" → 12:03, "twenty-three fifty-nine" → 23:59,
 *   "sixteen hundred" → 16:00, "3 fifteen" → 3:15), ordinals become 1st…31st
 *   where they can be a date ("the twenty fourth" → the 24th, "first of march", "march
 *   second", "second monday"; not "I'll check first");
 * - "a m" / "p m" after a number become am / pm ("four p m" → 4 pm).
 */

/** Text after normalisation and, per character, the original range it stands for. */
export interface NormalizedText {
  text: string;
  /** Original start offset of each character of `text`. */
  from: number[];
  /** Original end offset (exclusive) of each character of `text`. */
  to: number[];
}

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TEENS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
};
const ORDINAL_TEENS: Readonly<Record<string, number>> = {
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};
const FILLERS = /^(?:u+m+|u+h+|uhm|e+r+m*|h+m+|ah+)$/i;
/** Words after a number that make it a count, not a clock time ("two fifteen minute calls"). */
const COUNT_NOUN = /^(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|people|persons?|times?|percent)$/i;
const DATE_CONTEXT = /^(?:of|mon|tues|wednes|thurs|fri|satur|sun)/i;

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  for (const m of input.matchAll(/[A-Za-z]+(?:'[A-Za-z]+)?|\d+|[^\sA-Za-z\d]/g)) {
    out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Reads a cardinal 0–99 from words at `i` ("twenty", "twenty three", "twenty-three"). */
function readCardinal(t: Token[], i: number): { value: number; next: number } | null {
  const w = t[i]?.lower;
  if (w === undefined) return null;
  if (w in UNITS) return { value: UNITS[w]!, next: i + 1 };
  if (w in TEENS) return { value: TEENS[w]!, next: i + 1 };
  if (w in TENS) {
    const hyphen = t[i + 1]?.text === '-' && t[i + 1]!.start === t[i]!.end ? 1 : 0;
    const unit = t[i + 1 + hyphen]?.lower;
    if (unit !== undefined && unit in UNITS && UNITS[unit]! > 0)
      return { value: TENS[w]! + UNITS[unit]!, next: i + 2 + hyphen };
    return { value: TENS[w]!, next: i + 1 };
  }
  return null;
}

/** Reads an ordinal 1–31 from words at `i` ("fourth", "twenty first", "twenty-first"). */
function readOrdinal(t: Token[], i: number): { value: number; next: number } | null {
  const w = t[i]?.lower;
  if (w === undefined) return null;
  if (w in ORDINAL_UNITS) return { value: ORDINAL_UNITS[w]!, next: i + 1 };
  if (w in ORDINAL_TEENS) return { value: ORDINAL_TEENS[w]!, next: i + 1 };
  if (w === 'twenty' || w === 'thirty') {
    const hyphen = t[i + 1]?.text === '-' ? 1 : 0;
    const unit = t[i + 1 + hyphen]?.lower;
    if (unit !== undefined && unit in ORDINAL_UNITS) {
      const value = TENS[w]! + ORDINAL_UNITS[unit]!;
      if (value <= 31) return { value, next: i + 2 + hyphen };
    }
  }
  return null;
}

/** The minutes of a spoken clock time after its hour: "oh three", "fifteen", "fifty-nine", "hundred". */
function readMinutes(t: Token[], i: number): { value: number; next: number } | null {
  const w = t[i]?.lower;
  if (w === 'oh' || w === 'o' || w === 'zero') {
    const unit = t[i + 1]?.lower;
    if (unit !== undefined && unit in UNITS && UNITS[unit]! > 0) return { value: UNITS[unit]!, next: i + 2 };
    return null;
  }
  if (w === 'hundred') return { value: 0, next: i + 1 };
  const n = readCardinal(t, i);
  if (!n || n.value < 10 || n.value > 59) return null;
  return n;
}

interface Piece {
  text: string;
  start: number;
  end: number;
}

/** The replacement for the words at `i`, if any, and where the next unread token is. */
function rewriteAt(t: Token[], i: number): { piece: Piece; next: number } | null {
  const tok = t[i]!;
  const prev = t[i - 1]?.lower;
  if (FILLERS.test(tok.text))
    return { piece: { text: '', start: tok.start, end: t[i + 1]?.start ?? tok.end }, next: i + 1 };
  if (tok.lower === 'like' && prev !== undefined && /^(?:at|around|about|by|for|is|maybe|or|it's|its|,)$/.test(prev)) {
    const after = t[i + 1]?.lower ?? '';
    if (
      /^\d/.test(after) ||
      after in UNITS ||
      after in TEENS ||
      after in TENS ||
      /^(?:noon|midnight|half|quarter)$/.test(after)
    ) {
      return { piece: { text: '', start: tok.start, end: t[i + 1]?.start ?? tok.end }, next: i + 1 };
    }
  }
  // An hour (in words, or in digits followed by minutes in words) and its minutes: a clock time.
  const hourWords = readCardinal(t, i);
  const hourDigits = /^\d{1,2}$/.test(tok.text) ? { value: Number(tok.text), next: i + 1 } : null;
  const hour = hourWords ?? hourDigits;
  if (hour && hour.value >= 0 && hour.value <= 23) {
    const minutes = readMinutes(t, hour.next);
    const words = hourWords !== null || (minutes !== null && !/^\d/.test(t[hour.next]!.text));
    if (minutes && words && !COUNT_NOUN.test(t[minutes.next]?.text ?? '')) {
      const text = `${hour.value}:${String(minutes.value).padStart(2, '0')}`;
      return { piece: { text, start: tok.start, end: t[minutes.next - 1]!.end }, next: minutes.next };
    }
  }
  const ordinal = readOrdinal(t, i);
  if (ordinal) {
    const next = t[ordinal.next]?.lower ?? '';
    const dateLike =
      prev === 'the' ||
      prev === 'on' ||
      DATE_CONTEXT.test(next) ||
      /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/.test(prev ?? '');
    if (dateLike) {
      const suffix =
        ordinal.value % 10 === 1 && ordinal.value !== 11
          ? 'st'
          : ordinal.value % 10 === 2 && ordinal.value !== 12
            ? 'nd'
            : ordinal.value % 10 === 3 && ordinal.value !== 13
              ? 'rd'
              : 'th';
      return {
        piece: { text: `${ordinal.value}${suffix}`, start: tok.start, end: t[ordinal.next - 1]!.end },
        next: ordinal.next,
      };
    }
  }
  if (hourWords) {
    return {
      piece: { text: String(hourWords.value), start: tok.start, end: t[hourWords.next - 1]!.end },
      next: hourWords.next,
    };
  }
  return null;
}

/**
 * Normalises spoken text (see the module comment). Offsets of untouched characters are kept;
 * a rewritten phrase maps, character by character, to the whole original phrase.
 * @example normalizeSpoken('um put it at ten thirty p m').text // '   put it at 10:30 pm'
 */
export function normalizeSpoken(input: string): NormalizedText {
  const tokens = tokenize(input);
  const pieces: Piece[] = [];
  for (let i = 0; i < tokens.length; ) {
    const r = rewriteAt(tokens, i);
    if (r) {
      pieces.push(r.piece);
      i = r.next;
    } else i += 1;
  }
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  const copy = (end: number): void => {
    for (; at < end; at += 1) {
      text += input[at];
      from.push(at);
      to.push(at + 1);
    }
  };
  for (const p of pieces) {
    copy(p.start);
    for (const ch of p.text) {
      text += ch;
      from.push(p.start);
      to.push(p.end);
    }
    at = p.end;
  }
  copy(input.length);
  // "4 p m", "4 a. m." → "4 pm", "4 am" (offsets of the dropped characters fold into the letter).
  const meridiem = /(\d)(\s*)([ap])\.?\s+m\b\.?/gi;
  let out = text;
  for (const m of [...text.matchAll(meridiem)].reverse()) {
    const start = m.index + 1 + (m[2]?.length ?? 0);
    const len = m[0].length - 1 - (m[2]?.length ?? 0);
    const end = to[start + len - 1]!;
    out = `${out.slice(0, start)}${m[3]}m${out.slice(start + len)}`;
    from.splice(start, len, from[start]!, from[start]!);
    to.splice(start, len, end, end);
  }
  return { text: out, from, to };
}

/** Maps a span of normalised text back to the original text it came from. */
export function originalSpan(
  n: NormalizedText,
  original: string,
  index: number,
  length: number,
): { text: string; index: number } {
  if (length <= 0 || index >= n.from.length) return { text: '', index: n.from[index] ?? original.length };
  const start = n.from[index]!;
  const end = n.to[Math.min(index + length, n.to.length) - 1]!;
  return { text: original.slice(start, end), index: start };
}
