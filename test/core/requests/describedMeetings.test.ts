import { expect } from 'chai';
import { looksLikeId, meetingsDescribed } from '../../../core/requests/describedMeetings.js';

describe('core/requests/describedMeetings', () => {
  const meetings = [
    { id: 'a', start: '2026-11-25T14:00:00.000Z', withNames: ['Alice Chen'] },
    { id: 'b', start: '2026-11-26T09:00:00.000Z', withNames: ['Alice Chen', 'Bob'] },
    { id: 'c', start: '2026-11-27T14:00:00.000Z', withNames: ['Bob'], withHandles: ['bsmith', 'bob@example.org'] },
  ];
  const find = (words: string) => meetingsDescribed(words, meetings, { timezone: 'Europe/Paris', now: new Date('2026-11-24T10:00:00Z') }).map((m) => m.id);

  it('matches a time of day (the next meeting then), a day, and the people named, in the asker’s zone', () => {
    expect(find('my 3pm')).to.deep.equal(['a']);
    expect(find('the 3pm with bob')).to.deep.equal(['c']);
    expect(find('my meeting with alice on thursday')).to.deep.equal(['b']);
    expect(find('my meeting with alice')).to.deep.equal(['a', 'b']);
    expect(find('my meeting with bsmith')).to.deep.equal(['c']);
    expect(find('my meeting with @bsmith')).to.deep.equal(['c']);
    expect(find('my meeting with bob@example.org')).to.deep.equal(['c']);
  });

  it('matches the words of a title ("the standup"), alone or among the meetings the rest fits, and ignores words no title holds', () => {
    const titled = [
      { id: 's', title: 'Standup', start: '2026-11-25T08:00:00.000Z', withNames: ['Alice Chen', 'Bob'] },
      { id: 'w', title: 'Weekly standup', start: '2026-11-26T08:00:00.000Z', withNames: ['Bob'] },
      { id: 'r', title: 'Weekly review', start: '2026-11-26T14:00:00.000Z', withNames: ['Bob'] },
    ];
    const findTitled = (words: string) => meetingsDescribed(words, titled, { timezone: 'Europe/Paris', now: new Date('2026-11-24T10:00:00Z') }).map((m) => m.id);
    expect(findTitled('can you push the standup')).to.deep.equal(['s', 'w']);
    expect(findTitled('the weekly standup')).to.deep.equal(['w']);
    expect(findTitled('the standup on thursday')).to.deep.equal(['w']);
    expect(findTitled('my meeting with bob on thursday'), '"meeting" names no title').to.deep.equal(['w', 'r']);
    expect(findTitled('my sync with bob on thursday'), 'a word in no title narrows nothing').to.deep.equal(['w', 'r']);
    expect(findTitled('the retro'), 'no title holds it, and nothing else was said').to.deep.equal([]);
  });

  it('matches nothing from words that narrow nothing, and tells ids from words', () => {
    expect(find('the thing')).to.deep.equal([]);
    expect(find('my 5pm')).to.deep.equal([]);
    expect(looksLikeId('1a2b3c4d')).to.equal(true);
    expect(looksLikeId('my 3pm')).to.equal(false);
  });
});
