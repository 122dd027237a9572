/**
 * Chat platforms send mentions as markup: Slack `<@U0123|alice>` or `<@U0123>`, Discord
 * `<@1234>` or `<@!1234>`. The parser reads `@handle`, so each mention becomes `@<id>` and
 * the ids are kept to resolve them later (a plain `@alice` is a Yava username).
 */
export function normalizeMentions(text: string): { text: string; mentionIds: Set<string> } {
  const mentionIds = new Set<string>();
  const out = text.replace(/<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => {
    mentionIds.add(id);
    return `@${id}`;
  });
  return { text: out.replace(/\s+/g, ' ').trim(), mentionIds };
}
