import { expect } from 'chai';
import type { MeetingSummary, Reply } from '../../../../bot/conversation/index.js';
import { meetingListBlocks } from '../../../../bot/slack/views/meetingList.js';
import { slotPickerBlocks } from '../../../../bot/slack/views/slotPicker.js';

/** Every text object in Block Kit JSON, with the limit Slack sets for where it stands. */
function textsOf(blocks: unknown[]): Array<{ where: string; text: string; max: number }> {
  const out: Array<{ where: string; text: string; max: number }> = [];
  const walk = (node: any, where: string): void => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.text === 'string' && (node.type === 'mrkdwn' || node.type === 'plain_text')) {
      out.push({ where, text: node.text, max: where.endsWith('confirm.text') ? 300 : where.endsWith('confirm.title') ? 100 : where.includes('button') ? 75 : 3000 });
    }
    for (const [key, value] of Object.entries(node)) walk(value, node.type === 'button' ? `${where}.button.${key}` : `${where}.${key}`);
  };
  walk(blocks, 'blocks');
  return out;
}

const long = (n: number, word = 'Quarterly planning ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);

describe('Slack messages stay within Block Kit limits', () => {
  it('a slot picker for a long title and many people with long names', () => {
    const reply: Extract<Reply, { kind: 'slots' }> = {
      kind: 'slots',
      proposalId: '0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a',
      title: long(900),
      durationMinutes: 30,
      withNames: Array.from({ length: 40 }, (_, i) => `${long(190, 'Name ')}${i}`),
      timezone: 'Europe/Paris',
      slots: [{ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z', label: 'Wed 25 Nov, 15:00–15:30' }],
      note: long(400, 'That time has passed. '),
    };
    const texts = textsOf(slotPickerBlocks(reply).blocks);
    expect(texts.length).to.be.greaterThan(2);
    for (const t of texts) expect(t.text.length, t.where).to.be.at.most(t.max);
  });

  it('a meeting list whose titles and names are long, and a long note', () => {
    const meeting: MeetingSummary = { id: '00000001-0000-4000-8000-000000000000', title: long(1200), start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T09:30:00.000Z', label: 'Tue 1 Dec, 10:00–10:30', withNames: Array.from({ length: 30 }, () => long(150, 'Someone ')) };
    const texts = textsOf(meetingListBlocks([meeting, meeting], 'UTC', long(3500, 'Several match '), true).blocks);
    expect(texts.filter((t) => t.where.endsWith('confirm.text'))).to.have.length(2);
    for (const t of texts) expect(t.text.length, t.where).to.be.at.most(t.max);
  });
});
