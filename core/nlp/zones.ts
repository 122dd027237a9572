import { IANAZone } from 'luxon';
import type { Match } from './text.js';
import { canonicalTimeZone } from '../time/zones.js';

/** Abbreviations people write after a time, mapped to the IANA zone they usually mean. */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  PT: 'America/Los_Angeles', PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles',
  MT: 'America/Denver', MST: 'America/Denver', MDT: 'America/Denver',
  CT: 'America/Chicago', CST: 'America/Chicago', CDT: 'America/Chicago',
  ET: 'America/New_York', EST: 'America/New_York', EDT: 'America/New_York',
  CET: 'Europe/Berlin', CEST: 'Europe/Berlin',
  BST: 'Europe/London', GMT: 'Europe/London',
  IST: 'Asia/Kolkata', JST: 'Asia/Tokyo', KST: 'Asia/Seoul', SGT: 'Asia/Singapore',
  AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney',
  UTC: 'UTC',
};

/** Zone names in words: cities and US regions ("London time", "Pacific time"). */
export const ZONE_NAMES: Readonly<Record<string, string>> = {
  london: 'Europe/London', dublin: 'Europe/Dublin', lisbon: 'Europe/Lisbon',
  paris: 'Europe/Paris', berlin: 'Europe/Berlin', amsterdam: 'Europe/Amsterdam',
  madrid: 'Europe/Madrid', rome: 'Europe/Rome', zurich: 'Europe/Zurich', stockholm: 'Europe/Stockholm',
  athens: 'Europe/Athens', moscow: 'Europe/Moscow', istanbul: 'Europe/Istanbul',
  'new york': 'America/New_York', nyc: 'America/New_York', boston: 'America/New_York',
  toronto: 'America/Toronto', chicago: 'America/Chicago', denver: 'America/Denver',
  'los angeles': 'America/Los_Angeles', la: 'America/Los_Angeles', 'san francisco': 'America/Los_Angeles',
  sf: 'America/Los_Angeles', seattle: 'America/Los_Angeles', vancouver: 'America/Vancouver',
  'sao paulo': 'America/Sao_Paulo', 'são paulo': 'America/Sao_Paulo', 'mexico city': 'America/Mexico_City',
  tokyo: 'Asia/Tokyo', seoul: 'Asia/Seoul', beijing: 'Asia/Shanghai', shanghai: 'Asia/Shanghai',
  'hong kong': 'Asia/Hong_Kong', singapore: 'Asia/Singapore', dubai: 'Asia/Dubai',
  mumbai: 'Asia/Kolkata', delhi: 'Asia/Kolkata', bangalore: 'Asia/Kolkata', kolkata: 'Asia/Kolkata',
  sydney: 'Australia/Sydney', melbourne: 'Australia/Melbourne', 'lord howe': 'Australia/Lord_Howe',
  auckland: 'Pacific/Auckland',
  pacific: 'America/Los_Angeles', mountain: 'America/Denver', central: 'America/Chicago',
  eastern: 'America/New_York', utc: 'UTC', gmt: 'Europe/London', uk: 'Europe/London', ny: 'America/New_York',
};

/** A zone named in the text. */
export interface ZoneMatch extends Match {
  zone: string;
}

const abbreviations = Object.keys(ZONE_ABBREVIATIONS).sort((a, b) => b.length - a.length).join('|');
const names = Object.keys(ZONE_NAMES).sort((a, b) => b.length - a.length).join('|');
const NAMED = new RegExp(`\\b(?:in\\s+)?(${names})(?:\\s+(?:standard|daylight))?\\s+time\\b`, 'gi');
const IANA = /\b(?:in\s+)?([A-Z][A-Za-z]+(?:\/[A-Za-z][A-Za-z_-]+){1,2})\b/g;
const ABBR = new RegExp(`(?<![\\w@])(${abbreviations})(?![\\w@])`, 'g');
const OFFSET = /\b(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b/g;
// Right after a clock time a zone needs no "time" and no capitals: "9am pacific", "3 pm est", "3pm in London".
const CLOCK_BEFORE = String.raw`(?<=(?:\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|\b\d{1,2}:\d{2}|\b(?:at|@)\s+\d{1,2}|\bnoon|\bmidnight)\s+)`;
const AFTER_CLOCK = new RegExp(`${CLOCK_BEFORE}(?:in\\s+)?(${names}|${abbreviations})\\b`, 'gi');

/** The zone a word names: a city or region ("pacific"), else an abbreviation ("est"). */
const zoneOfWord = (word: string): string | undefined => ZONE_NAMES[word.toLowerCase()] ?? ZONE_ABBREVIATIONS[word.toUpperCase()];

/**
 * Finds an explicit zone: an IANA name ("Europe/Paris"), "UTC+2", "London time",
 * "in New York time", "Pacific time", or an upper-case abbreviation ("PT", "CET", "JST").
 * Abbreviations are case-sensitive so the words "et" or "ct" never count, except right after a
 * clock time, where a city, region or abbreviation in any case names the zone ("9am pacific",
 * "3 pm est", "3pm in London").
 * @example findZone('3pm PT') // {zone: 'America/Los_Angeles', text: 'PT', index: 4}
 */
export function findZone(text: string): ZoneMatch | null {
  const found: ZoneMatch[] = [];
  for (const m of text.matchAll(IANA)) {
    if (m[1] && IANAZone.isValidZone(m[1])) found.push({ zone: canonicalTimeZone(m[1]), text: m[0], index: m.index });
  }
  for (const m of text.matchAll(OFFSET)) {
    const hours = Number(m[2]);
    if (m[3] === undefined || m[3] === '00') {
      // Etc/GMT signs are inverted: UTC+2 is Etc/GMT-2.
      const zone = hours === 0 ? 'UTC' : `Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`;
      if (IANAZone.isValidZone(zone)) found.push({ zone, text: m[0], index: m.index });
    }
  }
  for (const m of text.matchAll(NAMED)) {
    const zone = ZONE_NAMES[(m[1] ?? '').toLowerCase()];
    if (zone) found.push({ zone, text: m[0], index: m.index });
  }
  for (const m of text.matchAll(AFTER_CLOCK)) {
    const zone = zoneOfWord(m[1] ?? '');
    if (zone) found.push({ zone, text: m[0], index: m.index });
  }
  for (const m of text.matchAll(ABBR)) {
    const zone = ZONE_ABBREVIATIONS[m[1] ?? ''];
    if (zone) found.push({ zone, text: m[0], index: m.index });
  }
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  return found[0] ?? null;
}
