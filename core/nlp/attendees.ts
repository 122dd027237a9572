import type { Attendee } from './intent.js';
import { maskRange, type Match } from './text.js';

/** One attendee with where it was found. */
export interface AttendeeMatch extends Match {
  attendee: Attendee;
}

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const HANDLE = /(?<![\w.@])@([A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9_])/g;
const WITH = /\bwith\s+/gi;
/** Stands in for an email or handle already found, in the text the "with …" names are read from. */
const FOUND = '\u0001';

// Words that end a "with …" list: time words, determiners, pronouns, prepositions.
const STOP_WORDS = new Set(
  (
    'today tonight tomorrow yesterday now later soon next this last every each other on at in for from ' +
    'to by about re regarding around between until till before after during ' +
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun ' +
    'weekend week weekday weekdays month year morning afternoon evening night noon midnight lunch ' +
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'me us him her them my our your his their the a an some someone somebody anyone everyone ' +
    'team and or but so please thanks i we you it that which who what when where how ' +
    'call meeting meet sync chat a half an hour minutes mins min hours'
  ).split(' '),
);

// Letters of any script, with their combining marks (a decomposed "José"): names are not only A–Z.
const NAME_WORD = /^\p{L}[\p{L}\p{M}'’-]*$/u;
const CAPITALISED = /^\p{Lu}/u;

function isNameWord(word: string): boolean {
  return NAME_WORD.test(word) && !STOP_WORDS.has(word.toLowerCase());
}

/**
 * Finds attendees: emails, @handles, and the names after "with" ("with Alice and Bob",
 * "with alice, bob and carol", "with John Smith"). Time words never count as names, so
 * "with tomorrow free" yields nobody. Capitalised words may form a full name; lower-case
 * names are single words.
 * @example findAttendees('sync with @alice and Bob') // handle alice, name Bob
 */
export function findAttendees(text: string): AttendeeMatch[] {
  const out: AttendeeMatch[] = [];
  let rest = text;
  // A found email or handle stays in the "with …" list as one item, so a word right after it
  // ("with @alice asap") is not read as another name.
  const keep = (m: RegExpMatchArray) => (rest = maskRange(rest, m.index!, m[0].length, FOUND));
  for (const m of text.matchAll(EMAIL)) {
    out.push({ attendee: { email: m[0].toLowerCase() }, text: m[0], index: m.index });
    keep(m);
  }
  for (const m of rest.matchAll(HANDLE)) {
    out.push({ attendee: { handle: m[1] ?? '' }, text: m[0], index: m.index });
    keep(m);
  }
  for (const m of rest.matchAll(WITH)) {
    out.push(...namesAfterWith(rest, m.index + m[0].length));
  }
  return out.sort((a, b) => a.index - b.index);
}

function namesAfterWith(text: string, from: number): AttendeeMatch[] {
  const out: AttendeeMatch[] = [];
  const tokenPattern = /\s*(,|&|\band\b|\u0001+|\p{L}[\p{L}\p{M}'’-]*|\S)/guy;
  tokenPattern.lastIndex = from;
  let current: { words: string[]; index: number } | null = null;
  // After an email or handle, the next name comes only after "and" or a comma.
  let afterFound = false;
  const flush = (): void => {
    if (current && current.words.length > 0) {
      const name = current.words.join(' ');
      out.push({ attendee: { name }, text: name, index: current.index });
    }
    current = null;
  };
  for (let t = tokenPattern.exec(text); t; t = tokenPattern.exec(text)) {
    const token = t[1] ?? '';
    const index = t.index + t[0].length - token.length;
    if (token === ',' || token === '&' || token.toLowerCase() === 'and') {
      flush();
      afterFound = false;
      continue;
    }
    if (token.startsWith(FOUND)) {
      flush();
      afterFound = true;
      continue;
    }
    if (!isNameWord(token) || afterFound) break;
    const capitalised = CAPITALISED.test(token);
    const c: { words: string[]; index: number } | null = current;
    if (c === null) {
      current = { words: [token], index };
    } else if (capitalised && CAPITALISED.test(c.words[c.words.length - 1] ?? '')) {
      c.words.push(token);
    } else {
      break;
    }
  }
  flush();
  return out;
}
