/**
 * Day and month names as people mistype them ("tomorow", "thrusday", "febuary"): a misspelt one
 * is otherwise not a date at all, and "tomorow at 3pm" would be read as today at 3pm.
 *
 * Only words that cannot be much else are corrected, and only to one word: names of eight
 * letters or more within two edits (a swap of two neighbours is one edit), those of seven within
 * one, those of six only by a swap ("firday"); the first letter always as written. Shorter
 * words, and words a person's name is likely to be ("Frida", "Sundar"), are left as written.
 */
const LONG = ['tomorrow', 'yesterday', 'wednesday', 'thursday', 'saturday', 'february', 'september', 'november', 'december'];
const SEVEN = ['tuesday', 'tonight', 'january', 'october'];
const SIX = ['monday', 'friday', 'sunday'];
const NAMES = [...LONG, ...SEVEN, ...SIX];
// Plurals are words of their own ("on tuesdays" repeats), not typos.
const KNOWN = new Set([...NAMES, ...NAMES.map((name) => `${name}s`)]);

/** Edits from `a` to `b`: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const isSwap = (a: string, b: string): boolean => a.length === b.length && editDistance(a, b) === 1 && [...a].sort().join('') === [...b].sort().join('');

/** Whether `word` may be a mistyping of `name` (see the module comment). */
function mayMean(word: string, name: string): boolean {
  if (word[0] !== name[0] || Math.abs(word.length - name.length) > 2) return false;
  if (name.length >= 8) return editDistance(word, name) <= 2;
  if (name.length === 7) return editDistance(word, name) <= 1;
  return isSwap(word, name);
}

/**
 * The day or month name a mistyped word stands for, or null (spelt right, not close to one, or
 * as close to two).
 * @example correctDayWord('Tomorow') // 'tomorrow'
 */
export function correctDayWord(word: string): string | null {
  const lower = word.toLowerCase();
  if (lower.length < 6 || KNOWN.has(lower) || !/^[a-z]+$/.test(lower)) return null;
  const fits = NAMES.filter((name) => mayMean(lower, name)).map((name) => ({ name, edits: editDistance(lower, name) }));
  const closest = Math.min(...fits.map((f) => f.edits));
  const best = fits.filter((f) => f.edits === closest);
  return best.length === 1 ? best[0]!.name : null;
}
