import type { App, BlockButtonAction } from '@slack/bolt';
import { replyFor, type SlackBotContext } from '../../context.js';
import { renderReply } from '../../views/messages.js';
import { CANCEL_ACTION } from '../../views/meetingList.js';
import { publishHome } from '../events/appHomeOpened.js';
import type { ButtonArgs } from './pickSlot.js';

/** A cancel button, in a meeting list or on the App Home tab (which is then redrawn). */
export async function cancelMeeting(ctx: SlackBotContext, { ack, body, action, respond, client }: ButtonArgs): Promise<void> {
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const reply = await replyFor(ctx, client, teamId, body.user.id, (asker) => ctx.conversation.cancelMeeting(asker, action.value ?? ''));
  if (body.container?.type === 'view' || body.view?.type === 'home') {
    if (reply.kind === 'error') await client.chat.postMessage({ channel: body.user.id, text: renderReply(reply).text });
    await publishHome(ctx, client, teamId, body.user.id);
    return;
  }
  await respond({ response_type: 'ephemeral', replace_original: false, ...renderReply(reply) } as never);
}

export function registerCancelMeeting(app: App, ctx: SlackBotContext): void {
  app.action<BlockButtonAction>(CANCEL_ACTION, (args) => cancelMeeting(ctx, args));
}
