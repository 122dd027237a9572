import { expect } from 'chai';
import { chartOf, type SeriesChart } from '../../../core/analytics/charts.js';

const header = { scope: 'me', from: '2026-11-25', to: '2026-12-14', timezone: 'UTC' };

describe('core/analytics/charts chartOf', () => {
  it('summarises utilisation by the overall rate of the whole range, never a sum of weekly rates', () => {
    const weekly = [
      { period: '2026-11-23', offeredMinutes: 1440, bookedMinutes: 60, rate: 0.0417 },
      { period: '2026-11-30', offeredMinutes: 2400, bookedMinutes: 0, rate: 0 },
      { period: '2026-12-07', offeredMinutes: 2040, bookedMinutes: 60, rate: 0.0294 },
    ];
    const chart = chartOf({ metric: 'utilisation', ...header, offeredMinutes: 5880, bookedMinutes: 120, rate: 0.0204, byHost: [], weekly }) as SeriesChart;
    expect(chart.summary).to.deep.include({ label: 'overall', unit: '%' });
    expect(chart.description).to.include('overall 2.0%').and.not.include('total');
  });

  it('says "overall n/a" when nothing was offered', () => {
    const chart = chartOf({ metric: 'utilisation', ...header, offeredMinutes: 0, bookedMinutes: 0, rate: null, byHost: [], weekly: [] });
    expect(chart.description).to.include('overall n/a');
  });

  it('keeps a total for counts (meetings, no-shows, lead-time buckets)', () => {
    const bookings = chartOf({ metric: 'bookings', ...header, series: [{ period: 'a', total: 2 }, { period: 'b', total: 3 }] });
    expect(bookings.description).to.include('total 5');
    const lead = chartOf({ metric: 'lead-time', ...header, buckets: [{ label: '<1h', count: 1 }, { label: '1d', count: 4 }] });
    expect(lead.description).to.include('total 5');
  });
});
