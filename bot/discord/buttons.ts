import type { ButtonInteraction } from 'discord.js';
import { notifyParticipants, replyFor, type DiscordBotContext } from './context.js';
import { CANCEL_PREFIX, decodePickId, PICK_PREFIX, renderReply } from './render.js';

/** Slot buttons book (a taken slot gets fresh buttons); cancel buttons cancel. The message is replaced. */
export async function handleButton(interaction: ButtonInteraction, ctx: DiscordBotContext): Promise<void> {
  const id = interaction.customId;
  if (!id.startsWith(PICK_PREFIX) && !id.startsWith(CANCEL_PREFIX)) return;
  await interaction.deferUpdate();
  const reply = await replyFor(ctx, interaction.user, async (asker) => {
    if (id.startsWith(CANCEL_PREFIX)) return ctx.conversation.cancelMeeting(asker, id.slice(CANCEL_PREFIX.length));
    const pick = decodePickId(id);
    if (!pick) return { kind: 'error', text: 'That button is no longer valid: run /meet again.' };
    return ctx.conversation.chooseSlot(asker, pick.proposalId, pick.start);
  });
  await interaction.editReply(renderReply(reply));
  if (reply.kind === 'booked') await notifyParticipants(ctx, interaction.client, reply);
}
