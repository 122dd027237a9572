import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import { clipText, type Reply } from '../conversation/index.js';
import { DISCORD_CONTENT_MAX, meetingListMessage, NAMES_MAX, TITLE_MAX } from './meetingList.js';

export { CANCEL_PREFIX } from './meetingList.js';
export const PICK_PREFIX = 'meet:pick:';

/** custom_id (100 characters at most): `meet:pick:{proposalId}:{start in epoch seconds, base 36}`. */
export function encodePickId(proposalId: string, start: string): string {
  return `${PICK_PREFIX}${proposalId}:${Math.floor(Date.parse(start) / 1000).toString(36)}`;
}

export function decodePickId(customId: string): { proposalId: string; start: string } | null {
  const m = /^meet:pick:([0-9a-f-]{36}):([0-9a-z]+)$/.exec(customId);
  if (!m) return null;
  return { proposalId: m[1]!, start: new Date(parseInt(m[2]!, 36) * 1000).toISOString() };
}

export interface DiscordMessage {
  content: string;
  components: Array<ActionRowBuilder<ButtonBuilder>>;
}

/**
 * A conversation reply as a Discord message: text, and buttons for slots and cancels. Titles and
 * names are cut as in lists, and no content is longer than Discord takes (it refuses the whole
 * message, and the asker stays on "thinking…").
 */
export function renderReply(reply: Reply): DiscordMessage {
  const message = messageOf(reply);
  return { ...message, content: clipText(message.content, DISCORD_CONTENT_MAX) };
}

function messageOf(reply: Reply): DiscordMessage {
  switch (reply.kind) {
    case 'slots': {
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        reply.slots.map((slot) => new ButtonBuilder().setCustomId(encodePickId(reply.proposalId, slot.start)).setLabel(slot.label).setStyle(ButtonStyle.Primary)),
      );
      const header = `**${clipText(reply.title, TITLE_MAX)}** · ${reply.durationMinutes} min with ${clipText(reply.withNames.join(', '), NAMES_MAX)} · times in ${reply.timezone}`;
      return { content: `${reply.note ? reply.note + '\n' : ''}${header}\nPick a time:`, components: [row] };
    }
    case 'booked':
      return { content: `Booked: **${reply.meeting.title}**, ${reply.label} (${reply.timezone}). Meeting id \`${reply.meeting.id}\`.`, components: [] };
    case 'meetings':
      return meetingListMessage(reply.meetings, reply.timezone, reply.note, reply.more);
    case 'canceled':
      return { content: `Canceled: **${reply.meeting.title}**, ${reply.meeting.label}.`, components: [] };
    case 'error':
      return { content: `⚠️ ${reply.text}`, components: [] };
    default:
      return { content: reply.text, components: [] };
  }
}

export const EPHEMERAL = MessageFlags.Ephemeral;
