import { expect } from 'chai';
import { type DurationObservation, estimateDuration, quantile } from '../../../core/intelligence/learnedDurations.js';

/** A seeded generator (mulberry32): the same history every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` meetings whose true length is uniform on [lo, hi] minutes, rounded to whole minutes. */
function history(n: number, lo: number, hi: number, seed = 1, extra: Partial<DurationObservation> = {}): DurationObservation[] {
  const next = random(seed);
  return Array.from({ length: n }, () => ({ actualMinutes: Math.round(lo + (hi - lo) * next()), followUpMinutes: 0, noShow: false, attendeeCount: 1, ...extra }));
}

describe('estimateDuration (learned durations)', () => {
  it('learns that 30-minute intro calls end within 20 minutes and says so', () => {
    const estimate = estimateDuration(history(40, 12, 20), { configuredMinutes: 30, title: 'intro calls' });
    expect(estimate.meetings).to.equal(40);
    expect(estimate.median!.minutes).to.be.within(16, 19);
    expect(estimate.median!.low).to.be.lessThan(estimate.median!.minutes);
    expect(estimate.median!.high).to.be.greaterThan(estimate.median!.minutes);
    expect(estimate.suggestion!.minutes).to.equal(20);
    expect(estimate.suggestion!.share).to.be.at.least(0.8);
    expect(estimate.suggestion!.message).to.match(/^Your intro calls end within 20 min (8\d|9\d|100)% of the time: consider 20 min instead of 30\.$/);
  });

  it('suggests nothing when meetings fill their configured time', () => {
    const estimate = estimateDuration(history(60, 27, 30, 2), { configuredMinutes: 30, title: 'demos' });
    expect(estimate.suggestion).to.equal(null);
    expect(estimate.p80!.low).to.be.at.most(30);
  });

  it('suggests a longer slot when meetings run over', () => {
    const estimate = estimateDuration(history(40, 40, 50, 3), { configuredMinutes: 30, title: 'reviews' });
    expect(estimate.suggestion!.minutes).to.equal(50);
    expect(estimate.suggestion!.message).to.equal('Your reviews run past 30 min 100% of the time: consider 50 min (100% fit).');
  });

  it('shrinks a few meetings toward the configured duration and suggests nothing on thin evidence', () => {
    const estimate = estimateDuration(history(5, 10, 10), { configuredMinutes: 30, title: 'calls' });
    expect(estimate.median!.minutes).to.equal(20);
    expect(estimate.suggestion).to.equal(null);
  });

  it('converges on the true quantiles as the history grows', () => {
    const estimate = estimateDuration(history(2000, 10, 20, 4), { configuredMinutes: 30, title: 'calls' });
    expect(estimate.median!.minutes).to.be.closeTo(15, 0.3);
    expect(estimate.p80!.minutes).to.be.closeTo(18, 0.3);
    expect(estimate.median!.high - estimate.median!.low).to.be.lessThan(1);
  });

  it('leaves no-shows out of the lengths, counts follow-ups as time still needed, and splits by attendee count', () => {
    const held = history(20, 30, 30, 5);
    const withFollowUps = held.map((h, i) => (i % 2 ? { ...h, followUpMinutes: 30, attendeeCount: 3 } : h));
    const estimate = estimateDuration([...withFollowUps, ...history(6, 1, 2, 6, { noShow: true })], { configuredMinutes: 30, title: 'kick-offs' });
    expect(estimate.noShows).to.equal(6);
    expect(estimate.meetings).to.equal(20);
    expect(estimate.followUps).to.equal(10);
    expect(estimate.suggestion!.minutes).to.be.greaterThan(30);
    expect(estimate.byAttendeeCount).to.deep.equal([
      { attendees: '1', meetings: 10, medianMinutes: 30 },
      { attendees: '3+', meetings: 10, medianMinutes: 60 },
    ]);
  });

  it('answers an empty history with no estimate', () => {
    const estimate = estimateDuration([], { configuredMinutes: 30, title: 'calls' });
    expect(estimate).to.include({ meetings: 0, median: null, p80: null, suggestion: null });
    expect(quantile([1, 2, 3, 4], 0.5)).to.equal(2.5);
  });
});
