import type { WebClient } from '@slack/web-api';
import type { ConnectionSummary } from '../../core/calendars/connections.js';
import type { ChatAccountService } from '../../core/chat/accounts.js';
import type { Logger } from '../../core/logger.js';
import { errorReply, type Asker, type Conversation, type MentionLookup, type Reply } from '../conversation/index.js';

/** What every Slack listener uses. */
export interface SlackBotContext {
  conversation: Conversation;
  chatAccounts: ChatAccountService;
  logger: Logger;
  /** The person's connected calendars, for the App Home tab (absent: not shown). */
  calendars?: { list(userId: string): Promise<ConnectionSummary[]> };
}

/** The zone and verified email Slack reports for a person (`users.info`); empty when Slack does not say. */
export async function slackProfile(client: WebClient, userId: string, logger: Logger): Promise<{ email?: string; timezone?: string }> {
  try {
    const res = await client.users.info({ user: userId });
    const user = res.user as { tz?: string; profile?: { email?: string }; is_bot?: boolean } | undefined;
    return { email: user?.profile?.email || undefined, timezone: user?.tz || undefined };
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'slack users.info failed');
    return {};
  }
}

/**
 * `<@U123>` mentions of people not linked yet: by the email Slack verified for them, which links
 * them as it would if they ran /meet themselves (so they get their booking messages too).
 */
export function slackMentionLookup(ctx: SlackBotContext, client: WebClient, teamId: string): MentionLookup {
  return async (externalUserId) => {
    const { email, timezone } = await slackProfile(client, externalUserId, ctx.logger);
    return email ? ctx.chatAccounts.linkByVerifiedEmail({ platform: 'slack', workspaceId: teamId, externalUserId }, email, timezone) : null;
  };
}

/**
 * Runs `work` for the Yava user behind a Slack user. An unlinked person gets the link (or, for `help`, the commands)
 * instructions; any error becomes a short reply (DomainError messages only, never a stack).
 */
export async function replyFor(ctx: SlackBotContext, client: WebClient, teamId: string, userId: string, work: (asker: Asker) => Promise<Reply>, text = ''): Promise<Reply> {
  try {
    const identity = { platform: 'slack' as const, workspaceId: teamId, externalUserId: userId };
    const asker = await ctx.conversation.identify(identity, await slackProfile(client, userId, ctx.logger));
    if (!asker) return await ctx.conversation.unlinkedReply(identity, text);
    return await work(asker);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'DomainError')) ctx.logger.error({ err: (error as Error)?.message }, 'slack request failed');
    return errorReply(error);
  }
}
