import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { replyFor, slackMentionLookup, type SlackBotContext } from '../../context.js';
import { renderReply } from '../../views/messages.js';
import { REQUEST_BLOCK, REQUEST_INPUT, SCHEDULE_MODAL } from '../../views/scheduleModal.js';

export type ViewSubmissionArgs = Pick<SlackViewMiddlewareArgs<ViewSubmitAction>, 'ack' | 'body' | 'view'> & Pick<AllMiddlewareArgs, 'client'>;

/** The modal's request runs the same flow as `/meet`; the answer is an ephemeral message in the channel. */
export async function scheduleSubmitted(ctx: SlackBotContext, { ack, body, view, client }: ViewSubmissionArgs): Promise<void> {
  await ack();
  const text = view.state.values[REQUEST_BLOCK]?.[REQUEST_INPUT]?.value ?? '';
  let channel = body.user.id;
  try {
    channel = (JSON.parse(view.private_metadata || '{}') as { channel?: string }).channel ?? channel;
  } catch {
    // An unreadable private_metadata: answer in the direct message instead.
  }
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const reply = await replyFor(ctx, client, teamId, body.user.id, (asker) => ctx.conversation.requestMeeting(asker, text, slackMentionLookup(ctx, client, teamId)));
  await client.chat.postEphemeral({ channel, user: body.user.id, ...renderReply(reply) } as never);
}

export function registerScheduleSubmitted(app: App, ctx: SlackBotContext): void {
  app.view<ViewSubmitAction>(SCHEDULE_MODAL, (args) => scheduleSubmitted(ctx, args));
}
