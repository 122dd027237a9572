/** Number words 0–99 and ordinals 1st–31st, read from a token list (see spoken.ts). */

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

export const UNITS: Readonly<Record<string, number>> = {
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
export const TEENS: Readonly<Record<string, number>> = {
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
export const TENS: Readonly<Record<string, number>> = {
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
/** Reads a cardinal 0–99 from words at `i` ("twenty", "twenty three", "twenty-three"). */
export function readCardinal(t: Token[], i: number): { value: number; next: number } | null {
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
export function readOrdinal(t: Token[], i: number): { value: number; next: number } | null {
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
export function readMinutes(t: Token[], i: number): { value: number; next: number } | null {
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
