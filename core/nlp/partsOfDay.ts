/** A named part of the day and the half-open window [startHour, endHour) it stands for. */
export interface PartOfDay {
  name: 'morning' | 'lunch' | 'afternoon' | 'evening' | 'night';
  startHour: number;
  endHour: number;
}

/** Windows: morning 09–12, lunch 12–13, afternoon 12–17, evening 17–21, night 21–24. */
export const PARTS_OF_DAY: Readonly<Record<PartOfDay['name'], PartOfDay>> = {
  morning: { name: 'morning', startHour: 9, endHour: 12 },
  lunch: { name: 'lunch', startHour: 12, endHour: 13 },
  afternoon: { name: 'afternoon', startHour: 12, endHour: 17 },
  evening: { name: 'evening', startHour: 17, endHour: 21 },
  night: { name: 'night', startHour: 21, endHour: 24 },
};

/** Exact moments named by a word: noon 12:00, midnight 24:00 (end of the day named), EOD 17:00. */
export const NAMED_TIMES: ReadonlyArray<{ pattern: RegExp; hour: number }> = [
  { pattern: /^(?:noon|midday|12\s*noon)$/i, hour: 12 },
  { pattern: /^(?:12\s*)?midnight$/i, hour: 24 },
  { pattern: /^(?:eod|end\s+of\s+(?:the\s+)?(?:business\s+|work(?:ing)?\s+)?day|close\s+of\s+business|cob)$/i, hour: 17 },
];

/** Maps a part-of-day word ("this evening", "tonight", "lunchtime") to its window. */
export function partOfDayFromWord(word: string): PartOfDay | null {
  const w = word.toLowerCase().replace(/^(?:this|in\s+the|at)\s+/, '').trim();
  if (w === 'tonight') return PARTS_OF_DAY.evening;
  if (w === 'lunch' || w === 'lunchtime') return PARTS_OF_DAY.lunch;
  return w in PARTS_OF_DAY ? PARTS_OF_DAY[w as PartOfDay['name']] : null;
}

/**
 * Converts a 12-hour clock reading without am/pm to 24 hours using the part of the day it was
 * said with: "4:30 in the evening" = 16:30, "12 in the afternoon" = 12:00, "night 10" = 22:00,
 * "2 at night" = 02:00.
 */
export function applyPartOfDay(hour: number, part: PartOfDay): number {
  if (hour > 12) return hour;
  switch (part.name) {
    case 'morning':
      return hour === 12 ? 0 : hour;
    case 'lunch':
    case 'afternoon':
    case 'evening':
      return hour === 12 ? 12 : hour + 12;
    case 'night':
      if (hour === 12) return 24;
      return hour <= 4 ? hour : hour + 12;
  }
}

/** "early morning", "late afternoon": part of a part of the day, as [startHour, endHour). */
const MODIFIED: Readonly<Record<string, readonly [number, number]>> = {
  'early morning': [6, 9], 'mid morning': [10, 11], 'late morning': [10, 12],
  'early afternoon': [12, 14], 'mid afternoon': [14, 16], 'late afternoon': [15, 17],
  'early evening': [17, 19], 'late evening': [20, 22], 'early night': [21, 23], 'late night': [22, 24],
};

const STANDALONE =
  /\b(?:(?<mod>early|mid|late)[\s-]+(?:(?:today|tomorrow|tonight|this|next\s+\w+|on\s+\w+day|\w+day)\s+)?)?(?:(?:this|in\s+the|on\s+the)\s+)?(?<word>morning|afternoon|evening|night|tonight|lunch(?:time)?)\b/gi;

/**
 * Finds the first part-of-day word that is not attached to a clock time (the caller masks
 * clock times first), e.g. "Tuesday afternoon" → afternoon 12–17, "late tomorrow afternoon"
 * → 15–17 (see MODIFIED; a day said between the modifier and the part is left to the date
 * parser).
 * @example findPartOfDay('next Tue afternoon') // {part: afternoon, text: 'afternoon', index: 9}
 */
export function findPartOfDay(text: string): { part: PartOfDay; text: string; index: number } | null {
  STANDALONE.lastIndex = 0;
  const m = STANDALONE.exec(text);
  const word = m?.groups?.word;
  if (!m || word === undefined) return null;
  const part = partOfDayFromWord(word);
  if (!part) return null;
  const hours = m.groups?.mod ? MODIFIED[`${m.groups.mod.toLowerCase()} ${word.toLowerCase() === 'tonight' ? 'evening' : part.name}`] : undefined;
  return { part: hours ? { ...part, startHour: hours[0], endHour: hours[1] } : part, text: m[0], index: m.index };
}
