/**
 * Learned durations: how long meetings of one event type actually need, from their history.
 * Pure: observations in, an estimate out (no clock, no database).
 *
 * Each past meeting gives an *effective* length: the length it really had (the host's synced
 * calendar event, shortened or extended, else the booking's own length), plus the length of a
 * follow-up the same invitee booked soon after (the first meeting did not finish the job).
 * No-shows tell nothing about length and are only counted.
 *
 * The estimate shrinks the sample's quantiles toward the configured duration with a prior
 * worth {@link PRIOR_MEETINGS} meetings, so a handful of meetings barely moves it; each
 * quantile carries a distribution-free 90% confidence interval (order statistics). A change is
 * suggested only when the interval of the 80th percentile excludes the configured duration.
 */

export interface DurationObservation {
  /** Minutes the meeting lasted (synced calendar event, else the booking). */
  actualMinutes: number;
  /** Minutes of a follow-up booked soon after by the same invitee; 0 = none. */
  followUpMinutes: number;
  noShow: boolean;
  attendeeCount: number;
}

export interface QuantileEstimate {
  /** Shrunk toward the configured duration, in minutes (one decimal). */
  minutes: number;
  /** 90% confidence interval, shrunk the same way. */
  low: number;
  high: number;
}

export interface DurationEstimate {
  configuredMinutes: number;
  meetings: number;
  noShows: number;
  followUps: number;
  median: QuantileEstimate | null;
  /** The length 80% of meetings fit in: what meetings need. */
  p80: QuantileEstimate | null;
  byAttendeeCount: Array<{ attendees: string; meetings: number; medianMinutes: number }>;
  suggestion: DurationSuggestion | null;
}

export interface DurationSuggestion {
  minutes: number;
  /** Share of meetings that fit in `minutes` (0..1). */
  share: number;
  message: string;
}

/** How many meetings the configured duration counts as. */
export const PRIOR_MEETINGS = 5;
/** Fewer meetings than this never suggest a change. */
export const MIN_MEETINGS_FOR_SUGGESTION = 8;
const Z90 = 1.645;

/** Linear-interpolation quantile (type 7) of a sorted, non-empty list. */
export function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Order-statistic confidence interval of the p-quantile (normal approximation to the binomial). */
function quantileInterval(sorted: readonly number[], p: number): [number, number] {
  const n = sorted.length;
  const spread = Z90 * Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - spread) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * p + spread));
  return [sorted[lo]!, sorted[hi]!];
}

const shrink = (value: number, n: number, prior: number) => Math.round(((n * value + PRIOR_MEETINGS * prior) / (n + PRIOR_MEETINGS)) * 10) / 10;

function estimateQuantile(sorted: readonly number[], p: number, configured: number): QuantileEstimate | null {
  if (sorted.length === 0) return null;
  const n = sorted.length;
  const [low, high] = quantileInterval(sorted, p);
  return { minutes: shrink(quantile(sorted, p), n, configured), low: shrink(low, n, configured), high: shrink(high, n, configured) };
}

const roundTo5 = (minutes: number, up: boolean) => Math.max(5, (up ? Math.ceil : Math.round)(minutes / 5) * 5);

function suggest(sorted: readonly number[], p80: QuantileEstimate, configured: number, title: string): DurationSuggestion | null {
  if (sorted.length < MIN_MEETINGS_FOR_SUGGESTION) return null;
  if (p80.low <= configured && configured <= p80.high) return null;
  const minutes = roundTo5(p80.minutes, true);
  if (Math.abs(minutes - configured) < 5) return null;
  const share = sorted.filter((m) => m <= minutes).length / sorted.length;
  const pct = Math.round(share * 100);
  const message =
    minutes < configured
      ? `Your ${title} end within ${minutes} min ${pct}% of the time: consider ${minutes} min instead of ${configured}.`
      : `Your ${title} run past ${configured} min ${Math.round((sorted.filter((m) => m > configured).length / sorted.length) * 100)}% of the time: consider ${minutes} min (${pct}% fit).`;
  return { minutes, share: Math.round(share * 1000) / 1000, message };
}

function byAttendees(meetings: readonly DurationObservation[]): DurationEstimate['byAttendeeCount'] {
  const groups = new Map<string, number[]>();
  for (const m of meetings) {
    const key = m.attendeeCount >= 3 ? '3+' : String(Math.max(1, m.attendeeCount));
    groups.set(key, [...(groups.get(key) ?? []), m.actualMinutes + m.followUpMinutes]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([attendees, lengths]) => ({ attendees, meetings: lengths.length, medianMinutes: Math.round(quantile([...lengths].sort((x, y) => x - y), 0.5) * 10) / 10 }));
}

/**
 * Estimates what meetings of an event type need from their history. `title` names them in
 * the suggestion ("intro calls"). Never throws; an empty history gives null estimates.
 *
 * @example estimateDuration(history, { configuredMinutes: 30, title: 'intro calls' }).suggestion?.message
 * // "Your intro calls end within 20 min 85% of the time: consider 20 min instead of 30."
 */
export function estimateDuration(history: readonly DurationObservation[], options: { configuredMinutes: number; title: string }): DurationEstimate {
  const configured = options.configuredMinutes;
  const held = history.filter((h) => !h.noShow && h.actualMinutes > 0);
  const sorted = held.map((h) => h.actualMinutes + h.followUpMinutes).sort((a, b) => a - b);
  const median = estimateQuantile(sorted, 0.5, configured);
  const p80 = estimateQuantile(sorted, 0.8, configured);
  return {
    configuredMinutes: configured,
    meetings: held.length,
    noShows: history.filter((h) => h.noShow).length,
    followUps: held.filter((h) => h.followUpMinutes > 0).length,
    median,
    p80,
    byAttendeeCount: byAttendees(held),
    suggestion: p80 ? suggest(sorted, p80, configured, options.title) : null,
  };
}
