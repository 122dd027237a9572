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

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * True when `text` is an e-mail address as people write them, something@domain.tld: one @, a
 * dot somewhere after it, no blanks; nothing more is checked (no list of domains, no quoting).
 * The text is taken as given: trim or lower-case it first where that is wanted.
 * @example isEmailAddress('ada@example.com') // true; 'ada@localhost' and 'ada @example.com' are false
 */
export function isEmailAddress(text: string): boolean {
  return EMAIL_ADDRESS.test(text);
}
