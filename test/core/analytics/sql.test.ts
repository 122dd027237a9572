import { expect } from 'chai';
import knexPkg from 'knex';
import { offsetSpans, periodBuckets } from '../../../core/analytics/sql.js';

describe('core/analytics/sql', () => {
  describe('offsetSpans', () => {
    it('finds both DST changes of a year in Berlin, to the second', () => {
      const spans = offsetSpans('Europe/Berlin', new Date('2025-11-02T23:00:00Z'), new Date('2026-11-01T23:00:00Z'));
      expect(spans).to.deep.equal({
        starts: ['2025-11-02T23:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z'],
        offsets: [3600, 7200, 3600],
      });
    });

    it('keeps a half-hour zone without DST as one span (Kolkata, +05:30)', () => {
      expect(offsetSpans('Asia/Kolkata', new Date('2026-01-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'))).to.deep.equal({ starts: ['2026-01-01T00:00:00.000Z'], offsets: [19800] });
    });

    it('follows a southern-hemisphere zone whose clocks go back in April (Sydney)', () => {
      const spans = offsetSpans('Australia/Sydney', new Date('2026-01-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'));
      expect(spans.offsets).to.deep.equal([39600, 36000, 39600]);
      expect(spans.starts.slice(1)).to.deep.equal(['2026-04-04T16:00:00.000Z', '2026-10-03T16:00:00.000Z']);
    });
  });

  describe('periodBuckets', () => {
    const db = knexPkg.knex({ client: 'pg' });
    after(() => db.destroy());

    it('starts each week at Monday midnight in the zone, DST included, and maps buckets back to days', () => {
      const weeks = periodBuckets(db, 'start_at', { groupBy: 'week', timezone: 'Europe/Berlin', fromDate: '2026-03-25', toDate: '2026-04-01' });
      expect(weeks.labels).to.deep.equal(['2026-03-23', '2026-03-30']);
      expect(weeks.starts).to.deep.equal(['2026-03-23T00:00:00.000+01:00', '2026-03-30T00:00:00.000+02:00']);
      expect([1, 2, 3].map(weeks.labelOf)).to.deep.equal(['2026-03-23', '2026-03-30', '2026-03-30']);
    });
  });
});
