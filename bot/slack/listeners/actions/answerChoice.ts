import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackBotContext } from '../../context.js';
import { ANSWER_ACTION, decodeAnswer } from '../../views/choicePicker.js';
import { INVALID_BUTTON } from '../../../conversation/index.js';
import { type ButtonArgs, replaceWithReply } from './pickSlot.js';

/** A choice button under a question ("Maria Park"): answers it, and the question is replaced by what comes next. */
export async function answerChoice(ctx: SlackBotContext, args: ButtonArgs): Promise<void> {
  const answer = decodeAnswer(args.action.value ?? '');
  await replaceWithReply(ctx, args, async (asker) => (answer ? ctx.conversation.answerChoice(asker, answer.requestId, answer.choice, answer.mode) : INVALID_BUTTON));
}

export function registerAnswerChoice(app: App, ctx: SlackBotContext): void {
  app.action<BlockButtonAction>(ANSWER_ACTION, (args) => answerChoice(ctx, args));
}
