import { expect } from 'chai';
import { formatRange } from '../../../bot/conversation/format.js';

describe('bot/conversation/format formatRange (chat times)', () => {
  it('writes ordinary times as before, and the date again when the end is on another day', () => {
    expect(formatRange('2026-11-25T13:00:00Z', '2026-11-25T13:30:00Z', 'Europe/Paris')).to.equal('Wed 25 Nov, 14:00–14:30');
    expect(formatRange('2026-11-25T22:30:00Z', '2026-11-25T23:30:00Z', 'Europe/Paris')).to.equal('Wed 25 Nov, 23:30–Thu 26 Nov, 00:30');
  });
  it('names the offset of a time the autumn change repeats', () => {
    expect(formatRange('2027-10-31T00:00:00Z', '2027-10-31T00:30:00Z', 'Europe/Paris')).to.equal('Sun 31 Oct, 02:00 CEST–02:30 CEST');
    expect(formatRange('2027-10-31T01:00:00Z', '2027-10-31T01:30:00Z', 'Europe/Paris')).to.equal('Sun 31 Oct, 02:00 CET–02:30 CET');
  });
});
