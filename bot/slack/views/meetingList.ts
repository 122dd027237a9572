import { moreMeetingsText, type MeetingSummary } from '../../conversation/index.js';

export const CANCEL_ACTION = 'meet_cancel';

function meetingBlock(meeting: MeetingSummary): unknown {
  const who = meeting.withNames.length ? ` with ${meeting.withNames.join(', ')}` : '';
  return {
    type: 'section',
    block_id: `meeting_${meeting.id}`,
    text: { type: 'mrkdwn', text: `*${meeting.title}*${who}\n${meeting.label} · \`${meeting.id.slice(0, 8)}\`` },
    accessory: {
      type: 'button',
      action_id: CANCEL_ACTION,
      style: 'danger',
      text: { type: 'plain_text', text: 'Cancel' },
      value: meeting.id,
      confirm: {
        title: { type: 'plain_text', text: 'Cancel this meeting?' },
        text: { type: 'plain_text', text: `${meeting.title}, ${meeting.label}. Everyone gets a cancellation email.` },
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
      ...(note ? [{ type: 'section', text: { type: 'mrkdwn', text: note } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Upcoming meetings · times in ${zone}` }] },
      ...meetings.map(meetingBlock),
      ...(more ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: moreMeetingsText(0, true) }] }] : []),
    ],
  };
}
