import type { App } from '@slack/bolt';
import type { SlackBotContext } from '../../context.js';
import { replyFor, slackMentionLookup } from '../../context.js';
import { renderReply } from '../../views/messages.js';

/** `/meet …`: ack at once, then answer with an ephemeral message only the asker sees. */
export function registerMeetCommand(app: App, ctx: SlackBotContext): void {
  app.command('/meet', async ({ command, ack, respond, client }) => {
    await ack();
    const reply = await replyFor(ctx, client, command.team_id, command.user_id, (asker) => ctx.conversation.handleText(asker, command.text ?? '', slackMentionLookup(ctx, client, command.team_id)));
    await respond({ response_type: 'ephemeral', ...renderReply(reply) } as never);
  });
}
