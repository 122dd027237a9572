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
