import { expect } from 'chai';
import fc from 'fast-check';
import { pickRoundRobinHost, type RoundRobinCandidate } from '../../../core/availability/index.js';

const candidate = (hostId: string, fields: Partial<RoundRobinCandidate> = {}): RoundRobinCandidate => ({
  hostId,
  priority: 0,
  weight: 100,
  recentBookings: 0,
  lastBookedAt: null,
  ...fields,
});

describe('pickRoundRobinHost', () => {
  it('prefers the highest priority over everything else', () => {
    const pick = pickRoundRobinHost([
      candidate('a', { priority: 1, recentBookings: 0 }),
      candidate('b', { priority: 2, recentBookings: 9, lastBookedAt: Date.UTC(2026, 10, 20) }),
    ]);
    expect(pick.hostId).to.equal('b');
  });

  it('then the fewest recent bookings per unit of weight', () => {
    // a: 3/100 = 0.03; b: 5/200 = 0.025 → b, although b has more bookings.
    const pick = pickRoundRobinHost([candidate('a', { recentBookings: 3 }), candidate('b', { recentBookings: 5, weight: 200 })]);
    expect(pick.hostId).to.equal('b');
  });

  it('defaults the weight to 100', () => {
    const pick = pickRoundRobinHost([candidate('a', { recentBookings: 2, weight: undefined }), candidate('b', { recentBookings: 3, weight: 100 })]);
    expect(pick.hostId).to.equal('a');
  });

  it('then the least recently booked, never booked first', () => {
    const earlier = Date.UTC(2026, 10, 1);
    const later = Date.UTC(2026, 10, 20);
    expect(pickRoundRobinHost([candidate('a', { lastBookedAt: later }), candidate('b', { lastBookedAt: earlier })]).hostId).to.equal('b');
    expect(pickRoundRobinHost([candidate('a', { lastBookedAt: earlier }), candidate('b', { lastBookedAt: null })]).hostId).to.equal('b');
  });

  it('breaks a full tie by hostId', () => {
    expect(pickRoundRobinHost([candidate('zed'), candidate('amy'), candidate('max')]).hostId).to.equal('amy');
  });

  it('explains the pick', () => {
    const pick = pickRoundRobinHost([candidate('a', { priority: 2, recentBookings: 3, lastBookedAt: Date.UTC(2026, 10, 20, 15) })]);
    expect(pick).to.deep.equal({ hostId: 'a', reason: 'priority 2; 3 bookings in 30 days at weight 100; last booked 2026-11-20' });
    expect(pickRoundRobinHost([candidate('b', { recentBookings: 1 })]).reason).to.equal('priority 0; 1 booking in 30 days at weight 100; never booked');
  });

  it('throws a RangeError without candidates or with a non-positive weight', () => {
    expect(() => pickRoundRobinHost([])).to.throw(RangeError, /No round-robin host/);
    expect(() => pickRoundRobinHost([candidate('a'), candidate('b', { weight: 0 })])).to.throw(RangeError, /weight/);
  });

  it('is deterministic: the order of candidates never changes the pick (property)', () => {
    const candidates = fc.uniqueArray(
      fc.record({
        hostId: fc.string({ minLength: 1, maxLength: 3 }),
        priority: fc.integer({ min: 0, max: 2 }),
        weight: fc.constantFrom(50, 100, 150, 200),
        recentBookings: fc.integer({ min: 0, max: 6 }),
        lastBookedAt: fc.option(fc.integer({ min: 0, max: 5 }).map((d) => Date.UTC(2026, 10, d + 1)), { nil: null }),
      }),
      { minLength: 1, maxLength: 6, selector: (c) => c.hostId },
    );
    fc.assert(
      fc.property(candidates, fc.integer(), (list, seed) => {
        const shuffled = [...list].sort((a, b) => ((a.hostId.charCodeAt(0) * seed) % 7) - ((b.hostId.charCodeAt(0) * seed) % 7));
        const pick = pickRoundRobinHost(list);
        expect(pickRoundRobinHost(shuffled)).to.deep.equal(pick);
        const chosen = list.find((c) => c.hostId === pick.hostId)!;
        const top = Math.max(...list.map((c) => c.priority));
        expect(chosen.priority).to.equal(top);
        const load = (c: (typeof list)[number]) => c.recentBookings / c.weight;
        expect(list.filter((c) => c.priority === top).every((c) => load(c) >= load(chosen) - 1e-12)).to.equal(true);
      }),
      { numRuns: 200 },
    );
  });
});
