/**
 * `text` cut to at most `max` UTF-16 units (what JavaScript, Slack and Discord count), ending in
 * "…" when it was cut; a character written as two units is never split in half.
 * @example clipText('Quarterly planning review', 12) // 'Quarterly p…'
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * True when `text` is an e-mail address as people write them, something@domain.tld: one @, a
 * dot somewhere after it, no blanks; nothing more is checked (no list of domains, no quoting).
 * The text is taken as given: trim or lower-case it first where that is wanted.
 * @example isEmailAddress('ada@example.com') // true; 'ada@localhost' and 'ada @example.com' are false
 */
export function isEmailAddress(text: string): boolean {
  // Read in one pass: the pattern /^[^\s@]+@[^\s@]+\.[^\s@]+$/ says the same, but backtracks
  // over the domain in quadratic time (seconds for a 40,000-character form answer).
  const at = text.indexOf('@');
  if (at < 1 || text.indexOf('@', at + 1) !== -1 || /\s/.test(text)) return false;
  const domain = text.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot !== -1 && dot < domain.length - 1;
}
