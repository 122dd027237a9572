import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ConnectionSummary } from '../../../../core/calendars/connections.js';
import { replyFor, type SlackBotContext } from '../../context.js';
import { appHomeView } from '../../views/appHome.js';
import { renderReply } from '../../views/messages.js';

/** Draws the App Home tab for one person: upcoming meetings, or how to link. */
export async function publishHome(ctx: SlackBotContext, client: WebClient, teamId: string, userId: string): Promise<void> {
  let calendars: ConnectionSummary[] | null = null;
  const reply = await replyFor(ctx, client, teamId, userId, async (asker) => {
    // A calendar store that cannot answer leaves the status out rather than the whole tab.
    if (ctx.calendars) calendars = await ctx.calendars.list(asker.user.userId).catch(() => null);
    return ctx.conversation.listMeetings(asker);
  });
  const view = reply.kind === 'meetings' ? appHomeView({ meetings: reply.meetings, timezone: reply.timezone, more: reply.more, calendars }) : appHomeView({ linkText: renderReply(reply).text });
  await client.views.publish({ user_id: userId, view } as never);
}

export type AppHomeOpenedArgs = Pick<SlackEventMiddlewareArgs<'app_home_opened'>, 'event' | 'body'> & Pick<AllMiddlewareArgs, 'client'>;

/** The App Home tab opened: draw it for that person. */
export async function appHomeOpened(ctx: SlackBotContext, { event, body, client }: AppHomeOpenedArgs): Promise<void> {
  if (event.tab && event.tab !== 'home') return;
  const teamId = (body as { team_id?: string }).team_id ?? '';
  await publishHome(ctx, client, teamId, event.user);
}

export function registerAppHomeOpened(app: App, ctx: SlackBotContext): void {
  app.event('app_home_opened', (args) => appHomeOpened(ctx, args));
}
