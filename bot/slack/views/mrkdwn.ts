import { clipText } from '../../conversation/index.js';
import { TEXT_MAX } from './limits.js';

/** A Slack mention, which stays markup: `<@U123>`, `<@U123|alice>`. */
const MENTION = /<@[A-Z0-9]+(?:\|[^<>]*)?>/g;
const escapePart = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Text for Slack's mrkdwn, where `&`, `<` and `>` are markup: a title or name such as
 * "R&D <Team>" is shown as written (and "<!channel>" in one notifies no one), while the
 * mentions Yava writes itself stay mentions.
 * @example escapeMrkdwn('R&D <Team> with <@U1>') // 'R&amp;D &lt;Team&gt; with <@U1>'
 */
export function escapeMrkdwn(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    out += escapePart(text.slice(at, m.index)) + m[0];
    at = m.index + m[0].length;
  }
  return out + escapePart(text.slice(at));
}

/** Every mrkdwn text in Block Kit JSON escaped (and kept within Slack's 3000 characters); plain_text is shown as it is. */
export function escapeBlocks(blocks: unknown[]): unknown[] {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const entries = Object.entries(node).map(([key, value]) => [key, walk(value)]);
    const copy = Object.fromEntries(entries) as Record<string, unknown>;
    if (copy.type === 'mrkdwn' && typeof copy.text === 'string') copy.text = clipText(escapeMrkdwn(copy.text), TEXT_MAX);
    return copy;
  };
  return blocks.map(walk);
}

/** A message whose fallback text and blocks are escaped for mrkdwn. */
export function escapeMessage<T extends { text: string; blocks?: unknown[] }>(message: T): T {
  return { ...message, text: escapeMrkdwn(message.text), ...(message.blocks ? { blocks: escapeBlocks(message.blocks) } : {}) };
}
