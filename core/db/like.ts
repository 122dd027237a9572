/**
 * Text put inside a LIKE pattern literally: `%`, `_` and the escape character `\` (PostgreSQL's
 * default LIKE escape) lose their meaning.
 *
 * @example `${escapeLike('50%_off')}%` // matches names starting with "50%_off"
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
