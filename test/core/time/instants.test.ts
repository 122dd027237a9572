import { expect } from 'chai';
import { isInstantTextInRange, isRealDateText, isSupportedInstant, MAX_INSTANT_MS, MIN_INSTANT_MS } from '../../../core/time/instants.js';

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
});
