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

  it('matches nothing from words that narrow nothing, and tells ids from words', () => {
    expect(find('the thing')).to.deep.equal([]);
    expect(find('my 5pm')).to.deep.equal([]);
    expect(looksLikeId('1a2b3c4d')).to.equal(true);
    expect(looksLikeId('my 3pm')).to.equal(false);
  });
});
