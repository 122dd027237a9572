import type { Client, User } from 'discord.js';
import type { ChatAccountService } from '../../core/chat/accounts.js';
import type { Logger } from '../../core/logger.js';
import { errorReply, formatRange, type Asker, type Conversation, type Reply } from '../conversation/index.js';

/** Discord user ids are global, so every Discord account lives in one "workspace". */
export const DISCORD_WORKSPACE = 'discord';

export interface DiscordBotContext {
  conversation: Conversation;
  chatAccounts: ChatAccountService;
  logger: Logger;
}

/** Runs `work` for the Yava user behind a Discord user; unlinked people get the link flow (or, for `help`, the commands), errors a short reply. */
export async function replyFor(ctx: DiscordBotContext, user: User, work: (asker: Asker) => Promise<Reply>, text = ''): Promise<Reply> {
  try {
    const identity = { platform: 'discord' as const, workspaceId: DISCORD_WORKSPACE, externalUserId: user.id };
    const asker = await ctx.conversation.identify(identity);
    if (!asker) return await ctx.conversation.unlinkedReply(identity, text);
    return await work(asker);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'DomainError')) ctx.logger.error({ err: (error as Error)?.message }, 'discord request failed');
    return errorReply(error);
  }
}

/** A direct message to every participant with a linked Discord account, in their zone. */
export async function notifyParticipants(ctx: DiscordBotContext, client: Client, reply: Extract<Reply, { kind: 'booked' }>): Promise<void> {
  const accounts = await ctx.chatAccounts.listChatAccounts('discord', DISCORD_WORKSPACE, reply.participantUserIds);
  for (const account of accounts) {
    try {
      const linked = await ctx.chatAccounts.findLinkedUser({ platform: 'discord', workspaceId: DISCORD_WORKSPACE, externalUserId: account.externalUserId });
      const zone = linked?.timezone ?? reply.timezone;
      // force: ask Discord for the DM channel (it returns the existing one) rather than search a cache that needs a logged-in client.
      const dm = await client.users.createDM(account.externalUserId, { force: true });
      await dm.send(`📅 **${reply.meeting.title}** is booked for ${formatRange(reply.meeting.start, reply.meeting.end, zone)} (${zone}). Meeting id \`${reply.meeting.id}\`; the invitation is in your email.`);
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message }, 'discord booking DM failed');
    }
  }
}
