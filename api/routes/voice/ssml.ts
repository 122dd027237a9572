const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Plain text as SSML content: &, <, >, " and ' become the entities Amazon's SSML reference
 * lists. Speech is plain text everywhere in Yava (it carries names people chose), so a name
 * like `R&D <Team>` is read out and can never add a tag such as `<audio>` to an answer.
 *
 * @example escapeSsml('R&D <Team>') // 'R&amp;D &lt;Team&gt;'
 */
export function escapeSsml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
