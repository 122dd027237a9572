/**
 * Intervals of absolute time.
 *
 * An {@link Interval} is HALF-OPEN: `[start, end)` in epoch milliseconds. It contains `start` and
 * every instant up to, but not including, `end`; so `[9:00, 10:00)` and `[10:00, 11:00)` touch
 * without overlapping. An interval with `end <= start` is empty. Every function here returns new
 * arrays and new objects and never mutates its arguments.
 */
export interface Interval {
  start: number;
  end: number;
}

function byStartThenEnd(a: Interval, b: Interval): number {
  return a.start - b.start || a.end - b.end;
}

/** True when the interval contains no instant (`end <= start`). */
export function isIntervalEmpty(interval: Interval): boolean {
  return !(interval.end > interval.start);
}

/**
 * Sorts and merges intervals that overlap or touch; drops empty ones.
 *
 * The input is never mutated (it is copied before sorting). O(n log n).
 *
 * @example mergeIntervals([{start: 5, end: 8}, {start: 1, end: 5}]) // [{start: 1, end: 8}]
 */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted: Interval[] = [];
  for (const interval of list) {
    if (interval.end > interval.start) sorted.push({ start: interval.start, end: interval.end });
  }
  sorted.sort(byStartThenEnd);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

/**
 * The parts of `base` not covered by any interval of `cut`, sorted and merged.
 *
 * Both lists may be unsorted and overlapping. One sort of each, then a linear sweep: O(n log n).
 *
 * @example subtractIntervals([{start: 0, end: 10}], [{start: 3, end: 5}]) // [{0,3}, {5,10}]
 */
export function subtractIntervals(base: readonly Interval[], cut: readonly Interval[]): Interval[] {
  const from = mergeIntervals(base);
  const holes = mergeIntervals(cut);
  const result: Interval[] = [];
  let h = 0;
  for (const interval of from) {
    let cursor = interval.start;
    while (h < holes.length && holes[h]!.end <= cursor) h++;
    // Holes are merged, so they are disjoint and sorted by both start and end.
    let k = h;
    while (k < holes.length && holes[k]!.start < interval.end) {
      const hole = holes[k]!;
      if (hole.start > cursor) result.push({ start: cursor, end: hole.start });
      if (hole.end > cursor) cursor = hole.end;
      if (cursor >= interval.end) break;
      k++;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/**
 * The instants covered by both `a` and `b`, sorted and merged. O(n log n).
 *
 * @example intersectIntervals([{start: 0, end: 10}], [{start: 5, end: 20}]) // [{5, 10}]
 */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const left = mergeIntervals(a);
  const right = mergeIntervals(b);
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const x = left[i]!;
    const y = right[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) result.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return result;
}

/**
 * True when the two half-open intervals share at least one instant. Touching intervals
 * (`a.end === b.start`) do not overlap; an empty interval overlaps nothing.
 */
export function areIntervalsOverlapping(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
}

/** True when `inner` lies entirely inside `outer` (an empty `inner` is never contained). */
export function isIntervalWithin(inner: Interval, outer: Interval): boolean {
  return inner.start < inner.end && outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * The part of `interval` inside `bounds`, or `null` when nothing is left.
 *
 * @example clampInterval({start: 0, end: 10}, {start: 5, end: 20}) // {start: 5, end: 10}
 */
export function clampInterval(interval: Interval, bounds: Interval): Interval | null {
  const start = Math.max(interval.start, bounds.start);
  const end = Math.min(interval.end, bounds.end);
  return start < end ? { start, end } : null;
}
