import type { Reply } from '../../conversation/index.js';
import { slotPickerBlocks } from './slotPicker.js';
import { meetingListBlocks } from './meetingList.js';
import { questionBlocks } from './choicePicker.js';
import { escapeMessage } from './mrkdwn.js';

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

/** Any conversation reply as a Slack message (plain text plus Block Kit where it helps), escaped for mrkdwn. */
export function renderReply(reply: Reply): SlackMessage {
  return escapeMessage(messageOf(reply));
}

function messageOf(reply: Reply): SlackMessage {
  switch (reply.kind) {
    case 'slots':
      return slotPickerBlocks(reply);
    case 'booked':
      return { text: `Booked: *${reply.meeting.title}*, ${reply.label} (${reply.timezone}). Meeting id \`${reply.meeting.id}\`.` };
    case 'meetings':
      return meetingListBlocks(reply.meetings, reply.timezone, reply.note, reply.more);
    case 'canceled':
      return { text: `Canceled: *${reply.meeting.title}*, ${reply.meeting.label}.` };
    case 'question':
      return questionBlocks(reply.text, reply.choices);
    case 'error':
      return { text: `:warning: ${reply.text}` };
    default:
      return { text: reply.text };
  }
}

/** What each participant receives in a direct message once a meeting is booked. */
export function bookedNotice(reply: Extract<Reply, { kind: 'booked' }>, label: string, zone: string): SlackMessage {
  return escapeMessage({ text: `:calendar: *${reply.meeting.title}* is booked for ${label} (${zone}). Meeting id \`${reply.meeting.id}\`; the invitation is in your email.` });
}
