import { expect } from 'chai';
import type { MeetingSummary } from '../../../../bot/conversation/index.js';
import { meetingListBlocks } from '../../../../bot/slack/views/meetingList.js';

const meeting = (i: number): MeetingSummary => ({
  id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
  title: `Meeting ${i}`,
  start: '2026-12-01T09:00:00.000Z',
  end: '2026-12-01T09:30:00.000Z',
  label: 'Tue 1 Dec, 10:00–10:30',
  withNames: [],
});

describe('Slack meeting list (meetingListBlocks)', () => {
  it('one section with a cancel button per meeting, and no "more" line when the list is whole', () => {
    const { blocks } = meetingListBlocks([meeting(1), meeting(2)], 'UTC') as { blocks: Array<{ type: string; block_id?: string }> };
    expect(blocks.filter((b) => b.type === 'section').map((b) => b.block_id)).to.deep.equal(['meeting_00000001-0000-4000-8000-000000000000', 'meeting_00000002-0000-4000-8000-000000000000']);
    expect(JSON.stringify(blocks)).not.to.include('more:');
  });

  it('ends with where to see the rest when more meetings come after these', () => {
    const { blocks } = meetingListBlocks([meeting(1)], 'UTC', undefined, true) as { blocks: Array<{ type: string; elements?: Array<{ text: string }> }> };
    expect(blocks.at(-1)).to.deep.equal({ type: 'context', elements: [{ type: 'mrkdwn', text: '…and more: run `yava meetings` or open /app' }] });
  });
});
