import { expect } from 'chai';
import { DISCORD_CONTENT_MAX, meetingListMessage } from '../../../bot/discord/meetingList.js';
import type { MeetingSummary } from '../../../bot/conversation/index.js';

const meeting = (i: number, title: string, withNames = ['Alice Chen', 'Bob Park']): MeetingSummary => ({
  id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
  title,
  start: '2026-12-01T09:00:00.000Z',
  end: '2026-12-01T09:30:00.000Z',
  label: 'Tue 1 Dec, 10:00–10:30',
  withNames,
});

describe('Discord meeting list (meetingListMessage)', () => {
  it('fits 25 meetings with 200-character titles into 2000 characters: titles cut, then "…and N more"', () => {
    const meetings = Array.from({ length: 25 }, (_, i) => meeting(i, `${i} ${'x'.repeat(200)}`.slice(0, 200)));
    const { content, components } = meetingListMessage(meetings, 'Europe/Paris');
    expect(content.length).to.be.at.most(DISCORD_CONTENT_MAX);
    const lines = content.split('\n');
    const listed = lines.filter((line) => line.startsWith('• '));
    expect(listed.length).to.be.within(5, 24);
    for (const line of listed) expect(line).to.match(/^• \*\*\d+ x+…\*\* with Alice Chen, Bob Park: Tue 1 Dec, 10:00–10:30 · `\d{8}`$/);
    expect(lines.at(-1)).to.equal(`…and ${25 - listed.length} more: run \`yava meetings\` or open /app`);
    expect(components).to.have.length(5);
  });

  it('says more come after the meetings read: "…and more" when all fit, "…and over N more" when some were cut', () => {
    const few = meetingListMessage([meeting(1, 'Weekly sync')], 'UTC', undefined, true).content;
    expect(few.split('\n').at(-1)).to.equal('…and more: run `yava meetings` or open /app');
    const meetings = Array.from({ length: 25 }, (_, i) => meeting(i, `${i} ${'x'.repeat(200)}`.slice(0, 200)));
    const { content } = meetingListMessage(meetings, 'UTC', undefined, true);
    expect(content.length).to.be.at.most(DISCORD_CONTENT_MAX);
    const listed = content.split('\n').filter((line) => line.startsWith('• ')).length;
    expect(content.split('\n').at(-1)).to.equal(`…and over ${25 - listed} more: run \`yava meetings\` or open /app`);
  });

  it('lists every meeting, untouched, when they fit', () => {
    const { content } = meetingListMessage([meeting(1, 'Weekly sync'), meeting(2, 'Design review', [])], 'UTC');
    expect(content).to.equal('Upcoming meetings (UTC):\n• **Weekly sync** with Alice Chen, Bob Park: Tue 1 Dec, 10:00–10:30 · `00000001`\n• **Design review**: Tue 1 Dec, 10:00–10:30 · `00000002`');
  });

  it('says a note (several meetings fit a "/meet cancel my 3pm") above the list', () => {
    const { content, components } = meetingListMessage([meeting(1, 'Weekly sync'), meeting(2, 'Design review', [])], 'UTC', 'Several of your meetings match "my 3pm".');
    expect(content.split('\n').slice(0, 2)).to.deep.equal(['Several of your meetings match "my 3pm".', 'Upcoming meetings (UTC):']);
    expect(components).to.have.length(2);
  });

  it('cuts a long list of names too, so a single meeting always fits', () => {
    const crowd = Array.from({ length: 300 }, (_, i) => `Person number ${i}`);
    const { content } = meetingListMessage([meeting(1, 'All hands', crowd)], 'UTC');
    expect(content.length).to.be.at.most(DISCORD_CONTENT_MAX);
    expect(content).to.match(/with Person number 0, .*…: Tue 1 Dec/);
  });

  it('shows titles and names as written: Discord markdown in them (bold, masked links, headings) is escaped', () => {
    const m = { ...meeting(1, '# [Pay here](https://evil.example) **now**'), withNames: ['_Ann_', 'Bo ||secret||'] };
    const line = meetingListMessage([m], 'UTC').content.split('\n').find((l) => l.startsWith('• '))!;
    expect(line).to.include('**\\# \\[Pay here](https://evil.example) \\*\\*now\\*\\***');
    expect(line).to.include('with \\_Ann\\_, Bo \\|\\|secret\\|\\|');
  });
});
