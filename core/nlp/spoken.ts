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
 * - "a m" / "p m" after a number become am / pm ("four p m" → 4 pm);
 * - day and month names typed wrong become the name ("tomorow", "thrusday"; see spelling.ts).
 */
import { TEENS, TENS, type Token, UNITS, readCardinal, readMinutes, readOrdinal } from './numberWords.js';
import { correctDayWord } from './spelling.js';

/** Text after normalisation and, per character, the original range it stands for. */
export interface NormalizedText {
  text: string;
  /** Original start offset of each character of `text`. */
  from: number[];
  /** Original end offset (exclusive) of each character of `text`. */
  to: number[];
}

const FILLERS = /^(?:u+m+|u+h+|uhm|e+r+m*|h+m+|ah+)$/i;
/** Words after a number that make it a count, not a clock time ("two fifteen minute calls"). */
const COUNT_NOUN = /^(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|people|persons?|times?|percent)$/i;
const DATE_CONTEXT = /^(?:of|mon|tues|wednes|thurs|fri|satur|sun)/i;

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  for (const m of input.matchAll(/[A-Za-z]+(?:'[A-Za-z]+)?|\d+|[^\sA-Za-z\d]/g)) {
    out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

interface Piece {
  text: string;
  start: number;
  end: number;
}

/** The replacement for the words at `i`, if any, and where the next unread token is. */
/** Words speech adds or shortens: "5ish", "todays", "um", "at like four". */
function rewriteSpeech(t: Token[], i: number): { piece: Piece; next: number } | null {
  const tok = t[i]!;
  const prev = t[i - 1]?.lower;
  // "fiveish", "5ish": about that hour.
  const glued = t[i + 1]?.lower === 'ish' && t[i + 1]!.start === tok.end && /^\d{1,2}$/.test(tok.text);
  const ish = glued ? [tok.text, tok.text] : /^([a-z]+)ish$/i.exec(tok.text);
  if (ish?.[1] && (/^\d/.test(ish[1]) || ish[1].toLowerCase() in UNITS || ish[1].toLowerCase() in TEENS)) {
    const value = /^\d/.test(ish[1]) ? Number(ish[1]) : (UNITS[ish[1].toLowerCase()] ?? TEENS[ish[1].toLowerCase()]!);
    const lead = prev !== undefined && /^(?:at|around|about|by)$/.test(prev);
    const end = glued ? t[i + 1]!.end : tok.end;
    return {
      piece: { text: lead ? String(value) : `around ${value}`, start: tok.start, end },
      next: i + (glued ? 2 : 1),
    };
  }
  // "todays meetings", "tomorrows plan": a possessive said or typed without its apostrophe.
  if (/^(?:today|tomorrow|tonight|yesterday)s$/i.test(tok.text)) {
    return { piece: { text: tok.text.slice(0, -1), start: tok.start, end: tok.end }, next: i + 1 };
  }
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
  return null;
}

/** Words after which "one" stands for a thing already named ("the one on Friday", "that one"). */
const PRONOUN_ONE_AFTER = /^(?:the|this|that|which|each|every|another|other|any)$/;

function rewriteAt(t: Token[], i: number): { piece: Piece; next: number } | null {
  const speech = rewriteSpeech(t, i);
  if (speech) return speech;
  const tok = t[i]!;
  const spelt = correctDayWord(tok.text);
  if (spelt) return { piece: { text: spelt, start: tok.start, end: tok.end }, next: i + 1 };
  const prev = t[i - 1]?.lower;
  // "the one with Bob", "which one": a pronoun, not the number (else "the one" reads as the 1st).
  if (tok.lower === 'one' && prev !== undefined && PRONOUN_ONE_AFTER.test(prev)) return null;
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
