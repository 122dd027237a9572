import { expect } from 'chai';
import { fullRange, shortRange } from '../../../../api/routes/app/format.js';

describe('api/routes/app/format (how the dashboard writes times)', () => {
  it('writes ordinary times as before', () => {
    const m = { start: '2026-11-24T08:00:00.000Z', end: '2026-11-24T08:30:00.000Z' };
    expect(shortRange(m, 'Europe/Berlin')).to.equal('Tue 24 Nov, 09:00–09:30');
    expect(fullRange(m, 'America/New_York')).to.equal('Tuesday 24 November 2026, 03:00–03:30 (America/New York)');
  });

  it('tells apart the two 02:00s of the autumn change by their offset names', () => {
    const first = { start: '2027-10-31T00:00:00.000Z', end: '2027-10-31T00:30:00.000Z' };
    const second = { start: '2027-10-31T01:00:00.000Z', end: '2027-10-31T01:30:00.000Z' };
    expect(shortRange(first, 'Europe/Berlin')).to.equal('Sun 31 Oct, 02:00 CEST–02:30 CEST');
    expect(shortRange(second, 'Europe/Berlin')).to.equal('Sun 31 Oct, 02:00 CET–02:30 CET');
    expect(fullRange(second, 'Europe/Berlin')).to.equal('Sunday 31 October 2027, 02:00 CET–02:30 CET (Europe/Berlin)');
  });
});
