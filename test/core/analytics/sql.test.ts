import { expect } from 'chai';
import knexPkg from 'knex';
import { periodBuckets, zoneOffsets } from '../../../core/analytics/sql.js';

describe('core/analytics/sql', () => {
  it('zoneOffsets: the reader’s offset spans as SQL arrays (instants, seconds)', () => {
    const scope = { timezone: 'Europe/Berlin', from: new Date('2025-11-02T23:00:00Z'), to: new Date('2026-11-01T23:00:00Z') };
    expect(zoneOffsets(scope)).to.deep.equal({
      starts: ['2025-11-02T23:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z'],
      offsets: [3600, 7200, 3600],
    });
  });

  describe('periodBuckets', () => {
    const db = knexPkg.knex({ client: 'pg' });
    after(() => db.destroy());

    it('starts each week at Monday midnight in the zone, DST included, and maps buckets back to days', () => {
      const weeks = periodBuckets(db, 'start_at', { groupBy: 'week', timezone: 'Europe/Berlin', fromDate: '2026-03-25', toDate: '2026-04-01' });
      expect(weeks.labels).to.deep.equal(['2026-03-23', '2026-03-30']);
      expect(weeks.starts).to.deep.equal(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
      expect([1, 2, 3].map(weeks.labelOf)).to.deep.equal(['2026-03-23', '2026-03-30', '2026-03-30']);
    });

    it('starts a day whose midnight does not exist at its first instant (Santiago, 2026-09-06 begins at 01:00)', () => {
      const days = periodBuckets(db, 'start_at', { groupBy: 'day', timezone: 'America/Santiago', fromDate: '2026-09-06', toDate: '2026-09-06' });
      expect(days.starts).to.deep.equal(['2026-09-06T04:00:00.000Z']);
    });
  });
});
