import { expect } from 'chai';
import fc from 'fast-check';
import {
  areIntervalsOverlapping,
  clampInterval,
  intersectIntervals,
  isIntervalEmpty,
  isIntervalWithin,
  mergeIntervals,
  subtractIntervals,
  type Interval,
} from '../../../core/time/intervals.js';

const iv = (start: number, end: number): Interval => ({ start, end });

/** Arbitrary small interval lists (possibly empty, overlapping, or with end <= start). */
const intervalList = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -5, max: 30 })).map(([start, length]) => iv(start, start + length)),
  { maxLength: 12 },
);

/** Reference model: the set of integer instants covered. */
function covered(list: readonly Interval[]): Set<number> {
  const points = new Set<number>();
  for (const { start, end } of list) for (let t = start; t < end; t++) points.add(t);
  return points;
}

function isSortedAndDisjoint(list: readonly Interval[]): boolean {
  return list.every((x, i) => x.start < x.end && (i === 0 || list[i - 1]!.end < x.start));
}

describe('core/time/intervals', () => {
  describe('mergeIntervals', () => {
    it('merges overlapping and touching intervals and sorts them', () => {
      expect(mergeIntervals([iv(10, 12), iv(1, 3), iv(3, 5), iv(4, 8)])).to.deep.equal([iv(1, 8), iv(10, 12)]);
    });

    it('drops empty intervals', () => {
      expect(mergeIntervals([iv(5, 5), iv(7, 6), iv(1, 2)])).to.deep.equal([iv(1, 2)]);
    });

    it('never mutates the caller’s array or its intervals', () => {
      const input = [iv(10, 12), iv(1, 3), iv(2, 11)];
      const snapshot = structuredClone(input);
      const merged = mergeIntervals(input);
      merged[0]!.end = 999;
      expect(input).to.deep.equal(snapshot);
    });

    it('covers exactly the same instants, sorted and disjoint (property)', () => {
      fc.assert(
        fc.property(intervalList, (list) => {
          const merged = mergeIntervals(list);
          expect(isSortedAndDisjoint(merged)).to.equal(true);
          expect([...covered(merged)].sort()).to.deep.equal([...covered(list)].sort());
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('subtractIntervals', () => {
    it('cuts holes out of the base', () => {
      expect(subtractIntervals([iv(0, 10), iv(20, 30)], [iv(3, 5), iv(8, 22), iv(25, 26)])).to.deep.equal([
        iv(0, 3),
        iv(5, 8),
        iv(22, 25),
        iv(26, 30),
      ]);
    });

    it('keeps instants touching a cut (half-open)', () => {
      expect(subtractIntervals([iv(0, 10)], [iv(10, 20), iv(-5, 0)])).to.deep.equal([iv(0, 10)]);
    });

    it('removes everything when the cut covers the base', () => {
      expect(subtractIntervals([iv(2, 4), iv(5, 6)], [iv(0, 100)])).to.deep.equal([]);
    });

    it('does not mutate its inputs', () => {
      const base = [iv(20, 30), iv(0, 10)];
      const cut = [iv(5, 25), iv(1, 2)];
      const snapshot = structuredClone([base, cut]);
      subtractIntervals(base, cut);
      expect([base, cut]).to.deep.equal(snapshot);
    });

    it('equals set difference (property)', () => {
      fc.assert(
        fc.property(intervalList, intervalList, (base, cut) => {
          const result = subtractIntervals(base, cut);
          const cutPoints = covered(cut);
          const expected = [...covered(base)].filter((t) => !cutPoints.has(t)).sort();
          expect(isSortedAndDisjoint(result)).to.equal(true);
          expect([...covered(result)].sort()).to.deep.equal(expected);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('intersectIntervals', () => {
    it('keeps the common parts', () => {
      expect(intersectIntervals([iv(0, 10), iv(20, 30)], [iv(5, 25)])).to.deep.equal([iv(5, 10), iv(20, 25)]);
    });

    it('is empty for touching intervals', () => {
      expect(intersectIntervals([iv(0, 10)], [iv(10, 20)])).to.deep.equal([]);
    });

    it('equals set intersection (property)', () => {
      fc.assert(
        fc.property(intervalList, intervalList, (a, b) => {
          const result = intersectIntervals(a, b);
          const bPoints = covered(b);
          const expected = [...covered(a)].filter((t) => bPoints.has(t)).sort();
          expect([...covered(result)].sort()).to.deep.equal(expected);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('predicates and clamp', () => {
    it('areIntervalsOverlapping treats intervals as half-open', () => {
      expect(areIntervalsOverlapping(iv(0, 10), iv(9, 20))).to.equal(true);
      expect(areIntervalsOverlapping(iv(0, 10), iv(10, 20))).to.equal(false);
      expect(areIntervalsOverlapping(iv(0, 10), iv(2, 3))).to.equal(true);
      expect(areIntervalsOverlapping(iv(0, 10), iv(5, 5))).to.equal(false);
    });

    it('isIntervalWithin and isIntervalEmpty', () => {
      expect(isIntervalWithin(iv(2, 10), iv(0, 10))).to.equal(true);
      expect(isIntervalWithin(iv(2, 11), iv(0, 10))).to.equal(false);
      expect(isIntervalEmpty(iv(3, 3))).to.equal(true);
      expect(isIntervalEmpty(iv(3, 4))).to.equal(false);
    });

    it('clampInterval cuts to the bounds or returns null', () => {
      expect(clampInterval(iv(0, 10), iv(5, 20))).to.deep.equal(iv(5, 10));
      expect(clampInterval(iv(0, 5), iv(5, 20))).to.equal(null);
    });
  });
});
