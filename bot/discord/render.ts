import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import { clipText, type Reply, type RequestMode } from '../conversation/index.js';
import { DISCORD_CONTENT_MAX, discordText, meetingListMessage, NAMES_MAX, TITLE_MAX } from './meetingList.js';

export { CANCEL_PREFIX } from './meetingList.js';
export const PICK_PREFIX = 'meet:pick:';
export const ANSWER_PREFIX = 'meet:answer:';
/** Discord cuts a button's label at 80 characters. */
const LABEL_MAX = 80;

/** custom_id (100 characters at most): `meet:pick:{proposalId}:{start in epoch seconds, base 36}`. */
export function encodePickId(proposalId: string, start: string): string {
  return `${PICK_PREFIX}${proposalId}:${Math.floor(Date.parse(start) / 1000).toString(36)}`;
}

export function decodePickId(customId: string): { proposalId: string; start: string } | null {
  const m = /^meet:pick:([0-9a-f-]{36}):([0-9a-z]+)$/.exec(customId);
  if (!m) return null;
  return { proposalId: m[1]!, start: new Date(parseInt(m[2]!, 36) * 1000).toISOString() };
}

/** custom_id of a question's choice: `meet:answer:{requestId}:{index}:{b|s}` (book or slots). */
export function encodeAnswerId(requestId: string, choice: number, mode: RequestMode): string {
  return `${ANSWER_PREFIX}${requestId}:${choice}:${mode === 'slots' ? 's' : 'b'}`;
}

export function decodeAnswerId(customId: string): { requestId: string; choice: number; mode: RequestMode } | null {
  const m = /^meet:answer:([0-9a-f-]{36}):(\d{1,2}):([bs])$/.exec(customId);
  return m ? { requestId: m[1]!, choice: Number(m[2]), mode: m[3] === 's' ? 'slots' : 'book' } : null;
}

export interface DiscordMessage {
  content: string;
  components: Array<ActionRowBuilder<ButtonBuilder>>;
  /** Nobody is pinged by what Yava writes: a title or name holding "@everyone" or a mention stays text. */
  allowedMentions: { parse: [] };
}

/** Discord's "ping nobody" (its allowed_mentions): mentions still show as names, without a notification. */
export const NO_PINGS = { parse: [] as [] };

/**
 * A conversation reply as a Discord message: text, and buttons for slots and cancels. Titles and
 * names are cut as in lists, and no content is longer than Discord takes (it refuses the whole
 * message, and the asker stays on "thinking…").
 */
export function renderReply(reply: Reply): DiscordMessage {
  const message = messageOf(reply);
  return { ...message, content: clipText(message.content, DISCORD_CONTENT_MAX), allowedMentions: NO_PINGS };
}

function messageOf(reply: Reply): Omit<DiscordMessage, 'allowedMentions'> {
  switch (reply.kind) {
    case 'slots': {
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        reply.slots.map((slot) => new ButtonBuilder().setCustomId(encodePickId(reply.proposalId, slot.start)).setLabel(slot.label).setStyle(ButtonStyle.Primary)),
      );
      const header = `**${discordText(reply.title, TITLE_MAX)}** · ${reply.durationMinutes} min with ${discordText(reply.withNames.join(', '), NAMES_MAX)} · times in ${reply.timezone}`;
      return { content: `${reply.note ? reply.note + '\n' : ''}${header}\nPick a time:`, components: [row] };
    }
    case 'question': {
      const choices = reply.choices;
      if (!choices) return { content: reply.text, components: [] };
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        choices.labels.map((label, i) => new ButtonBuilder().setCustomId(encodeAnswerId(choices.requestId, i, choices.mode)).setLabel(clipText(label, LABEL_MAX)).setStyle(ButtonStyle.Secondary)),
      );
      return { content: reply.text, components: [row] };
    }
    case 'booked':
      return { content: `Booked: **${discordText(reply.meeting.title, TITLE_MAX)}**, ${reply.label} (${reply.timezone}). Meeting id \`${reply.meeting.id}\`.`, components: [] };
    case 'meetings':
      return meetingListMessage(reply.meetings, reply.timezone, reply.note, reply.more);
    case 'canceled':
      return { content: `Canceled: **${discordText(reply.meeting.title, TITLE_MAX)}**, ${reply.meeting.label}.`, components: [] };
    case 'error':
      return { content: `⚠️ ${reply.text}`, components: [] };
    default:
      return { content: reply.text, components: [] };
  }
}

export const EPHEMERAL = MessageFlags.Ephemeral;
