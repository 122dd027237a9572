import { expect } from 'chai';
import { DateTime } from 'luxon';
import { todayIn } from '../../cli/today.js';

describe('cli/today', () => {
  it("gives the zone's own date on either side of its midnight, as luxon does", () => {
    const instants = ['2026-11-30T22:59:59Z', '2026-11-30T23:00:00Z', '2026-03-29T00:30:00Z', '2026-12-31T14:00:00Z', '2026-01-01T04:59:00Z'];
    for (const zone of ['Europe/Berlin', 'Pacific/Kiritimati', 'America/New_York', 'Asia/Kolkata', 'UTC'])
      for (const iso of instants) expect(todayIn(zone, new Date(iso)), `${zone} at ${iso}`).to.equal(DateTime.fromISO(iso, { zone }).toISODate());
  });

  it('reads 23:30 UTC as the next day in Tokyo and the same day in Los Angeles', () => {
    const late = new Date('2026-11-30T23:30:00Z');
    expect([todayIn('Asia/Tokyo', late), todayIn('America/Los_Angeles', late)]).to.deep.equal(['2026-12-01', '2026-11-30']);
  });
});
