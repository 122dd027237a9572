import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackBotContext } from '../../context.js';
import { replyFor, slackMentionLookup } from '../../context.js';
import { renderReply } from '../../views/messages.js';

export type MeetCommandArgs = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'> & Pick<AllMiddlewareArgs, 'client'>;

/** `/meet …`: ack at once, then answer with an ephemeral message only the asker sees. */
export async function meetCommand(ctx: SlackBotContext, { command, ack, respond, client }: MeetCommandArgs): Promise<void> {
  await ack();
  const text = command.text ?? '';
  const reply = await replyFor(ctx, client, command.team_id, command.user_id, (asker) => ctx.conversation.handleText(asker, text, slackMentionLookup(ctx, client, command.team_id)), text);
  await respond({ response_type: 'ephemeral', ...renderReply(reply) } as never);
}

export function registerMeetCommand(app: App, ctx: SlackBotContext): void {
  app.command('/meet', (args) => meetCommand(ctx, args));
}
