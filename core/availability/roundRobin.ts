/**
 * Which host of a round-robin event takes the next booking. Pure and deterministic: the same
 * candidates always give the same host.
 */

export interface RoundRobinCandidate {
  hostId: string;
  /** Higher goes first. */
  priority: number;
  /** Share of bookings, > 0; default 100. A host with weight 200 takes twice as many as one with 100. */
  weight?: number;
  /** Bookings in the last 30 days. */
  recentBookings: number;
  /** Epoch ms of the host's latest booking; null = never booked. */
  lastBookedAt: number | null;
}

export interface RoundRobinPick {
  hostId: string;
  /** Why this host, for logs and the booking's audit trail. */
  reason: string;
}

const DEFAULT_WEIGHT = 100;

function weightOf(candidate: RoundRobinCandidate): number {
  const weight = candidate.weight ?? DEFAULT_WEIGHT;
  if (!(Number.isFinite(weight) && weight > 0)) {
    throw new RangeError(`Round-robin weight of host ${candidate.hostId} must be a positive number, got ${String(candidate.weight)}`);
  }
  return weight;
}

/** Negative when `a` should be picked before `b`. */
function compareCandidates(a: RoundRobinCandidate, b: RoundRobinCandidate): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  // recentBookings / weight, compared by cross-multiplication to stay exact.
  const load = a.recentBookings * weightOf(b) - b.recentBookings * weightOf(a);
  if (load !== 0) return load;
  if (a.lastBookedAt !== b.lastBookedAt) {
    if (a.lastBookedAt === null) return -1;
    if (b.lastBookedAt === null) return 1;
    return a.lastBookedAt - b.lastBookedAt;
  }
  return a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0;
}

/**
 * Picks the host for the next round-robin booking: highest priority, then the fewest recent
 * bookings per unit of weight, then the least recently booked (never booked first), then the
 * smallest hostId, so ties are deterministic.
 *
 * Throws `RangeError` when there are no candidates or a weight is not positive.
 *
 * @example
 * pickRoundRobinHost([
 *   { hostId: 'a', priority: 2, weight: 100, recentBookings: 3, lastBookedAt: Date.UTC(2026, 10, 20) },
 *   { hostId: 'b', priority: 1, weight: 100, recentBookings: 0, lastBookedAt: null },
 * ]) // { hostId: 'a', reason: 'priority 2; 3 bookings in 30 days at weight 100; last booked 2026-11-20' }
 */
export function pickRoundRobinHost(candidates: readonly RoundRobinCandidate[]): RoundRobinPick {
  if (candidates.length === 0) throw new RangeError('No round-robin host is available');
  let best = candidates[0]!;
  weightOf(best);
  for (let i = 1; i < candidates.length; i++) {
    if (compareCandidates(candidates[i]!, best) < 0) best = candidates[i]!;
  }
  const bookings = `${best.recentBookings} booking${best.recentBookings === 1 ? '' : 's'}`;
  const last = best.lastBookedAt === null ? 'never booked' : `last booked ${new Date(best.lastBookedAt).toISOString().slice(0, 10)}`;
  return { hostId: best.hostId, reason: `priority ${best.priority}; ${bookings} in 30 days at weight ${weightOf(best)}; ${last}` };
}
