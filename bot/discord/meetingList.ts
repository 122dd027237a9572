import { ActionRowBuilder, ButtonBuilder, ButtonStyle, escapeMarkdown } from 'discord.js';
import { clipText, moreMeetingsText, type MeetingSummary } from '../conversation/index.js';

/** Discord refuses a message whose content is longer than this, and the asker stays on "thinking…". */
export const DISCORD_CONTENT_MAX = 2000;
export const CANCEL_PREFIX = 'meet:cancel:';
/** Titles and name lists are cut to these in every message. */
export const TITLE_MAX = 80;
export const NAMES_MAX = 120;
/** Discord allows five rows of buttons under a message. */
const CANCEL_BUTTONS = 5;

/**
 * A title or names as Discord shows them: cut to `max`, then with Discord's markdown escaped
 * (bold, italics, spoilers, code, headings, lists and masked links), so other people's words
 * read as written and never as a formatted link.
 */
export function discordText(text: string, max: number): string {
  return escapeMarkdown(clipText(text, max), { maskedLink: true, heading: true, bulletedList: true, numberedList: true });
}

function meetingLine(m: MeetingSummary): string {
  const who = m.withNames.length ? ` with ${discordText(m.withNames.join(', '), NAMES_MAX)}` : '';
  return `• **${discordText(m.title, TITLE_MAX)}**${who}: ${m.label} · \`${m.id.slice(0, 8)}\``;
}

/**
 * Upcoming meetings as one Discord message of at most {@link DISCORD_CONTENT_MAX} characters:
 * long titles and name lists are cut, and when the lines still do not fit, as many meetings as
 * fit are listed, then "…and N more" says where to see the rest (also when `more` meetings come
 * after the ones read). Cancel buttons for the first five.
 * A `note` ("Several of your meetings match …") goes first.
 */
export function meetingListMessage(meetings: MeetingSummary[], zone: string, note?: string, more = false): { content: string; components: Array<ActionRowBuilder<ButtonBuilder>> } {
  if (!meetings.length) return { content: 'You have no upcoming meetings.', components: [] };
  const heading = `Upcoming meetings (${zone}):`;
  const lines = [note ? `${clipText(note, 300)}\n${heading}` : heading];
  let length = lines[0]!.length;
  let shown = 0;
  for (const meeting of meetings) {
    const line = meetingLine(meeting);
    const rest = meetings.length - shown - 1;
    const footer = rest || more ? 1 + moreMeetingsText(rest, more).length : 0;
    if (length + 1 + line.length + footer > DISCORD_CONTENT_MAX) break;
    lines.push(line);
    length += 1 + line.length;
    shown += 1;
  }
  if (shown < meetings.length || more) lines.push(moreMeetingsText(meetings.length - shown, more));
  const rows = meetings.slice(0, Math.min(shown, CANCEL_BUTTONS)).map((m) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(`${CANCEL_PREFIX}${m.id}`).setLabel(clipText(`Cancel ${m.title}`, 80)).setStyle(ButtonStyle.Danger)),
  );
  return { content: lines.join('\n'), components: rows };
}
