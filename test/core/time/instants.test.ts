import { expect } from 'chai';
import { createIsoFormatter, isInstantTextInRange, isRealDateText, isSupportedInstant, MAX_INSTANT_MS, MIN_INSTANT_MS } from '../../../core/time/instants.js';

describe('core/time/instants', () => {
  it('accepts the years -9999 to 9999 and nothing beyond', () => {
    expect(new Date(MAX_INSTANT_MS).toISOString()).to.equal('9999-12-31T23:59:59.999Z');
    expect(new Date(MIN_INSTANT_MS).toISOString()).to.equal('-009999-01-01T00:00:00.000Z');
    expect(isSupportedInstant(Date.parse('2026-11-25T09:00:00Z'))).to.equal(true);
    expect(isSupportedInstant(MAX_INSTANT_MS + 1)).to.equal(false);
    expect(isSupportedInstant(Number.NaN)).to.equal(false);
    expect(isInstantTextInRange('+275760-09-13T00:00:00Z')).to.equal(false);
    expect(isInstantTextInRange('-271821-04-20T00:00:00Z')).to.equal(false);
    expect(isInstantTextInRange('+010000-01-01T00:00:00Z')).to.equal(false);
    expect(isInstantTextInRange('9999-12-31T23:00:00Z')).to.equal(true);
    expect(isInstantTextInRange('not a date')).to.equal(true);
  });

  it('tells a calendar date that exists from one Date.parse would roll over', () => {
    expect(isRealDateText('2027-02-30T09:00:00Z')).to.equal(false);
    expect(isRealDateText('2026-04-31T09:00:00+02:00')).to.equal(false);
    expect(isRealDateText('2027-02-29T09:00:00Z')).to.equal(false);
    expect(isRealDateText('2028-02-29T09:00:00Z'), 'a leap year').to.equal(true);
    expect(isRealDateText('2100-02-29T09:00:00Z'), 'not a leap year').to.equal(false);
    expect(isRealDateText('2000-02-29T09:00:00Z'), 'a leap year (divisible by 400)').to.equal(true);
    expect(isRealDateText('2026-13-01T00:00:00Z')).to.equal(false);
    expect(isRealDateText('2026-12-31T23:59:59Z')).to.equal(true);
    expect(isRealDateText('not a date'), 'left to the format check').to.equal(true);
  });

  describe('createIsoFormatter', () => {
    it('writes exactly what toISOString writes, across days, years and the edges of four-digit years', () => {
      const iso = createIsoFormatter();
      const edges = [0, -1, 1, Date.parse('2026-11-25T09:30:00.123Z'), Date.parse('2028-02-29T23:59:59.999Z'), new Date(0).setUTCFullYear(0, 0, 1), new Date(0).setUTCFullYear(0, 0, 1) - 1, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1, MIN_INSTANT_MS, MAX_INSTANT_MS, 0.5];
      const random = Array.from({ length: 20_000 }, (_, i) => Math.floor(MIN_INSTANT_MS + ((i * 7919 + 13) % 20_000) * ((MAX_INSTANT_MS - MIN_INSTANT_MS) / 20_000)));
      // Consecutive instants of one day reuse the day's text; the next day must not.
      const slots = Array.from({ length: 200 }, (_, i) => Date.parse('2026-11-25T22:00:00Z') + i * 15 * 60_000);
      for (const ms of [...edges, ...random, ...slots]) expect(iso(ms), String(ms)).to.equal(new Date(ms).toISOString());
    });

    it('throws on what toISOString throws on', () => {
      expect(() => createIsoFormatter()(Number.NaN)).to.throw(RangeError);
    });
  });
});

