/** A piece of the input found by one of the extractors; `index` is a UTF-16 offset. */
export interface Match {
  text: string;
  index: number;
}

/**
 * Blanks `[index, index + length)` of `text` with spaces (or `fill`) so later extractors skip it
 * while every other offset stays valid.
 */
export function maskRange(text: string, index: number, length: number, fill = ' '): string {
  return text.slice(0, index) + fill.repeat(length) + text.slice(index + length);
}

/** `text` with each run of blanks as one space, and where each of its characters is in `text`. */
export function squeezeBlanks(text: string): { text: string; from: number[] } {
  let out = '';
  const from: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (/\s/.test(text[i]!) && /\s/.test(text[i - 1] ?? '')) continue;
    out += text[i];
    from.push(i);
  }
  return { text: out, from };
}

/** Number words people use for hours, minutes and counts ("three pm", "twelve", "an hour"). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45,
  fifty: 50, sixty: 60, ninety: 90,
};

/** Parses "3", "3.5", "three" (see {@link NUMBER_WORDS}); null when it is neither. */
export function parseNumber(token: string): number | null {
  const t = token.toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  return NUMBER_WORDS[t] ?? null;
}

/** Regex alternation of the number words, longest first. */
export const NUMBER_WORD_PATTERN = Object.keys(NUMBER_WORDS)
  .filter((w) => w !== 'a' && w !== 'an')
  .sort((x, y) => y.length - x.length)
  .join('|');
