import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { INVALID_BUTTON, type Asker, type Reply } from '../../../conversation/index.js';
import { formatRange } from '../../../conversation/index.js';
import { replyFor, type SlackBotContext } from '../../context.js';
import { bookedNotice, renderReply } from '../../views/messages.js';
import { decodePick, PICK_ACTION } from '../../views/slotPicker.js';

/** Tells every participant who has a Slack account in this workspace, each in their own zone. */
async function notifyParticipants(ctx: SlackBotContext, client: WebClient, teamId: string, reply: Extract<Reply, { kind: 'booked' }>): Promise<void> {
  const accounts = await ctx.chatAccounts.listChatAccounts('slack', teamId, reply.participantUserIds);
  for (const account of accounts) {
    try {
      const linked = await ctx.chatAccounts.findLinkedUser({ platform: 'slack', workspaceId: teamId, externalUserId: account.externalUserId });
      const zone = linked?.timezone ?? reply.timezone;
      await client.chat.postMessage({ channel: account.externalUserId, ...bookedNotice(reply, formatRange(reply.meeting.start, reply.meeting.end, zone), zone) } as never);
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message }, 'slack booking notice failed');
    }
  }
}

export type ButtonArgs = Pick<SlackActionMiddlewareArgs<BlockButtonAction>, 'ack' | 'body' | 'action' | 'respond'> & Pick<AllMiddlewareArgs, 'client'>;

/**
 * A button that moves a request on (a slot, a question's choice): acks, runs `work` for the
 * presser, and puts the answer in place of the message the button was on.
 */
export async function replaceWithReply(ctx: SlackBotContext, { ack, body, respond, client }: ButtonArgs, work: (asker: Asker) => Promise<Reply>): Promise<Reply> {
  await ack();
  const reply = await replyFor(ctx, client, buttonTeam(body), body.user.id, work);
  await respond({ response_type: 'ephemeral', replace_original: true, ...renderReply(reply) } as never);
  return reply;
}

const buttonTeam = (body: ButtonArgs['body']): string => body.team?.id ?? body.user.team_id ?? '';

/** A slot button: book it, replace the buttons with the result, message both people. */
export async function pickSlot(ctx: SlackBotContext, args: ButtonArgs): Promise<void> {
  const pick = decodePick(args.action.value ?? '');
  const reply = await replaceWithReply(ctx, args, async (asker) => (pick ? ctx.conversation.chooseSlot(asker, pick.proposalId, pick.start) : INVALID_BUTTON));
  if (reply.kind === 'booked') await notifyParticipants(ctx, args.client, buttonTeam(args.body), reply);
}

export function registerPickSlot(app: App, ctx: SlackBotContext): void {
  app.action<BlockButtonAction>(PICK_ACTION, (args) => pickSlot(ctx, args));
}
