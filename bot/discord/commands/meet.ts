import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { replyFor, type DiscordBotContext } from '../context.js';
import { EPHEMERAL, renderReply } from '../render.js';

/** `/meet` with the same subcommands as Slack's. */
export const data = new SlashCommandBuilder()
  .setName('meet')
  .setDescription('Schedule meetings with Yava')
  .addSubcommand((s) =>
    s
      .setName('book')
      .setDescription('Find a time and book it, in plain words')
      .addStringOption((o) => o.setName('request').setDescription('e.g. 30 min with @alice tomorrow afternoon').setRequired(true).setMaxLength(500)),
  )
  .addSubcommand((s) =>
    s
      .setName('slots')
      .setDescription('Common free times with someone')
      .addUserOption((o) => o.setName('with').setDescription('Who').setRequired(true))
      .addStringOption((o) => o.setName('when').setDescription('e.g. friday afternoon').setMaxLength(200)),
  )
  .addSubcommand((s) => s.setName('list').setDescription('Your upcoming meetings'))
  .addSubcommand((s) =>
    s
      .setName('cancel')
      .setDescription('Cancel a meeting')
      .addStringOption((o) => o.setName('id').setDescription('The meeting id (from /meet list)').setRequired(true).setMaxLength(64)),
  )
  .addSubcommand((s) => s.setName('link').setDescription('Connect your Discord account to Yava'))
  .addSubcommand((s) => s.setName('help').setDescription('How to use /meet'));

/** The text Slack's `/meet` would get for this subcommand, so both share one conversation. */
export function commandText(interaction: ChatInputCommandInteraction): string {
  const sub = interaction.options.getSubcommand(true);
  switch (sub) {
    case 'book':
      return interaction.options.getString('request', true);
    case 'slots':
      return `slots <@${interaction.options.getUser('with', true).id}> ${interaction.options.getString('when') ?? ''}`.trim();
    case 'cancel':
      return `cancel ${interaction.options.getString('id', true)}`;
    default:
      return sub;
  }
}

/** Defers at once (Discord waits 3 s), answers only the asker. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: DiscordBotContext): Promise<void> {
  await interaction.deferReply({ flags: EPHEMERAL });
  const text = commandText(interaction);
  const reply = await replyFor(ctx, interaction.user, (asker) => ctx.conversation.handleText(asker, text, async () => null), text);
  await interaction.editReply(renderReply(reply));
}
