import { DomainError } from '../../core/errors.js';
import type { ConversationPorts } from './ports.js';
import type { Asker, MentionLookup } from './types.js';

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

/**
 * The request as core reads it: each platform mention becomes the `@username` of the Yava
 * user linked to it (or found by `lookup`, e.g. the email Slack verified). Throws
 * user_not_found for a mention of someone without a Yava account.
 */
export async function withUsernames(chatAccounts: ConversationPorts['chatAccounts'], asker: Asker, rawText: string, lookup: MentionLookup): Promise<string> {
  const { text, mentionIds } = normalizeMentions(rawText);
  let out = text;
  for (const id of mentionIds) {
    const linked = (await chatAccounts.findLinkedUser({ ...asker.identity, externalUserId: id })) ?? (await lookup(id));
    if (!linked) throw new DomainError('user_not_found', `<@${id}> has no Yava account linked yet: they can run /meet link`);
    out = out.replace(new RegExp(`@${id}\\b`, 'g'), `@${linked.username}`);
  }
  return out;
}
