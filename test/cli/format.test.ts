import { expect } from 'chai';
import { formatInstant, formatRange } from '../../cli/format.js';
import { slotLabel } from '../../cli/views/slots.js';

describe('cli/format: times in the terminal', () => {
  it('writes ordinary times as before', () => {
    expect(formatInstant('2026-11-24T14:00:00Z', 'Europe/Berlin')).to.equal('Tue 24 Nov 2026 15:00');
    expect(formatRange('2026-11-24T14:00:00Z', '2026-11-24T14:30:00Z', 'Europe/Berlin')).to.equal('Tue 24 Nov 2026 15:00–15:30');
    expect(formatRange('2026-11-24T22:30:00Z', '2026-11-24T23:30:00Z', 'Europe/Berlin')).to.equal('Tue 24 Nov 2026 23:30 – Wed 25 Nov 2026 00:30');
    expect(slotLabel({ start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:30:00Z' } as never, 'Europe/Berlin')).to.equal('Tue 24 Nov 15:00–15:30');
  });

  it('tells apart the two 02:00s of the autumn change by their offset names', () => {
    expect(formatRange('2027-10-31T00:00:00Z', '2027-10-31T00:30:00Z', 'Europe/Berlin')).to.equal('Sun 31 Oct 2027 02:00 CEST–02:30 CEST');
    expect(formatRange('2027-10-31T01:00:00Z', '2027-10-31T01:30:00Z', 'Europe/Berlin')).to.equal('Sun 31 Oct 2027 02:00 CET–02:30 CET');
    expect(slotLabel({ start: '2027-10-31T01:00:00Z', end: '2027-10-31T01:30:00Z' } as never, 'Europe/Berlin')).to.equal('Sun 31 Oct 02:00 CET–02:30 CET');
  });
});
