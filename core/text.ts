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

/**
 * An e-mail address with all but the first character of its name hidden, enough for its owner
 * to recognise it and little for anyone else: the domain stays, and the name's length is not
 * told. Text that is not an address is hidden whole.
 * @example maskEmail('ada.lovelace@example.com') // 'a•••@example.com'; maskEmail('ada') // '•••'
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${Array.from(address)[0]}•••${address.slice(at)}`;
}
