import { clipText, moreMeetingsText, type MeetingSummary } from '../../conversation/index.js';
import { NAMES_MAX, TEXT_MAX, TITLE_MAX } from './limits.js';

export const CANCEL_ACTION = 'meet_cancel';

function meetingBlock(meeting: MeetingSummary): unknown {
  const who = meeting.withNames.length ? ` with ${clipText(meeting.withNames.join(', '), NAMES_MAX)}` : '';
  const title = clipText(meeting.title, TITLE_MAX);
  return {
    type: 'section',
    block_id: `meeting_${meeting.id}`,
    text: { type: 'mrkdwn', text: `*${title}*${who}\n${meeting.label} · \`${meeting.id.slice(0, 8)}\`` },
    accessory: {
      type: 'button',
      action_id: CANCEL_ACTION,
      style: 'danger',
      text: { type: 'plain_text', text: 'Cancel' },
      value: meeting.id,
      confirm: {
        title: { type: 'plain_text', text: 'Cancel this meeting?' },
        text: { type: 'plain_text', text: `${title}, ${meeting.label}. Everyone gets a cancellation email.` },
        confirm: { type: 'plain_text', text: 'Cancel it' },
        deny: { type: 'plain_text', text: 'Keep it' },
      },
    },
  };
}

/** Upcoming meetings, each with a cancel button, under `note` when there is one; `more`: others come after these. */
export function meetingListBlocks(meetings: MeetingSummary[], zone: string, note?: string, more = false): { text: string; blocks: unknown[] } {
  if (!meetings.length) return { text: 'You have no upcoming meetings.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'You have no upcoming meetings. Try `/meet 30 min with @alice tomorrow`.' } }] };
  return {
    text: `${note ? `${note} ` : ''}Your upcoming meetings (${zone}): ${meetings.map((m) => `${m.title}, ${m.label}`).join('; ')}`,
    blocks: [
      ...(note ? [{ type: 'section', text: { type: 'mrkdwn', text: clipText(note, TEXT_MAX) } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Upcoming meetings · times in ${zone}` }] },
      ...meetings.map(meetingBlock),
      ...(more ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: moreMeetingsText(0, true) }] }] : []),
    ],
  };
}
