import type { ButtonInteraction } from 'discord.js';
import { INVALID_BUTTON } from '../conversation/index.js';
import { notifyParticipants, replyFor, type DiscordBotContext } from './context.js';
import { ANSWER_PREFIX, CANCEL_PREFIX, decodeAnswerId, decodePickId, PICK_PREFIX, renderReply } from './render.js';

/**
 * Slot buttons book (a taken slot gets fresh buttons); cancel buttons cancel; a question's
 * choice buttons answer it. The message is replaced.
 */
export async function handleButton(interaction: ButtonInteraction, ctx: DiscordBotContext): Promise<void> {
  const id = interaction.customId;
  if (![PICK_PREFIX, CANCEL_PREFIX, ANSWER_PREFIX].some((prefix) => id.startsWith(prefix))) return;
  await interaction.deferUpdate();
  const reply = await replyFor(ctx, interaction.user, async (asker) => {
    if (id.startsWith(CANCEL_PREFIX)) return ctx.conversation.cancelMeeting(asker, id.slice(CANCEL_PREFIX.length));
    if (id.startsWith(ANSWER_PREFIX)) {
      const answer = decodeAnswerId(id);
      return answer ? ctx.conversation.answerChoice(asker, answer.requestId, answer.choice, answer.mode) : INVALID_BUTTON;
    }
    const pick = decodePickId(id);
    if (!pick) return INVALID_BUTTON;
    return ctx.conversation.chooseSlot(asker, pick.proposalId, pick.start);
  });
  await interaction.editReply(renderReply(reply));
  if (reply.kind === 'booked') await notifyParticipants(ctx, interaction.client, reply);
}
