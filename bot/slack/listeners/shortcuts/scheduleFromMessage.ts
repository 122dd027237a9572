import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackBotContext } from '../../context.js';
import { scheduleModalView } from '../../views/scheduleModal.js';

export const SCHEDULE_SHORTCUT = 'schedule_from_message';

export type ShortcutArgs = Pick<SlackShortcutMiddlewareArgs<MessageShortcut>, 'ack' | 'shortcut'> & Pick<AllMiddlewareArgs, 'client'>;

/** Message shortcut "Schedule a meeting about this": a modal prefilled from the message. */
export async function scheduleFromMessage(ctx: SlackBotContext, { ack, shortcut, client }: ShortcutArgs): Promise<void> {
  await ack();
  try {
    await client.views.open({ trigger_id: shortcut.trigger_id, view: scheduleModalView({ messageText: shortcut.message.text ?? '', channelId: shortcut.channel.id }) } as never);
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message }, 'slack views.open failed');
  }
}

export function registerScheduleFromMessage(app: App, ctx: SlackBotContext): void {
  app.shortcut<MessageShortcut>(SCHEDULE_SHORTCUT, (args) => scheduleFromMessage(ctx, args));
}
