import type { App } from '@slack/bolt';
import type { SlackBotContext } from '../context.js';
import { registerAnswerChoice } from './actions/answerChoice.js';
import { registerCancelMeeting } from './actions/cancelMeeting.js';
import { registerPickSlot } from './actions/pickSlot.js';
import { registerMeetCommand } from './commands/meet.js';
import { registerAppHomeOpened } from './events/appHomeOpened.js';
import { registerScheduleFromMessage } from './shortcuts/scheduleFromMessage.js';
import { registerScheduleSubmitted } from './views/scheduleSubmitted.js';

export function registerListeners(app: App, ctx: SlackBotContext): void {
  registerMeetCommand(app, ctx);
  registerPickSlot(app, ctx);
  registerAnswerChoice(app, ctx);
  registerCancelMeeting(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerScheduleFromMessage(app, ctx);
  registerScheduleSubmitted(app, ctx);
}
