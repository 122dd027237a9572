import { DateTime } from 'luxon';
import type { Intent } from '../nlp/index.js';
import type { SearchWindow } from './types.js';

/** At most this many slots are proposed. */
export const MAX_SLOT_CHOICES = 5;
/** How far ahead a request without a time looks, and how far past the asked time a widened search looks. */
export const SEARCH_DAYS = 7;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Where to look for free slots: the exact start asked for (one slot long), else the asked
 * window ("tomorrow afternoon"), else the next {@link SEARCH_DAYS} days; never before `now`.
 * @example searchWindow({ start: '2026-11-25T15:00:00+01:00', window: null, … }, 30, now) // {from: '…T14:00:00.000Z', to: '…T14:30:00.000Z'}
 */
export function searchWindow(intent: Pick<Intent, 'start' | 'window'>, durationMinutes: number, now: Date): SearchWindow {
  const nowMs = now.getTime();
  if (intent.start) {
    const start = Date.parse(intent.start);
    return { from: iso(Math.max(start, nowMs)), to: iso(start + durationMinutes * 60_000) };
  }
  if (intent.window) return { from: iso(Math.max(Date.parse(intent.window.start), nowMs)), to: iso(Date.parse(intent.window.end)) };
  return { from: iso(nowMs), to: DateTime.fromMillis(nowMs, { zone: 'utc' }).plus({ days: SEARCH_DAYS }).toISO()! };
}

/**
 * Every window to search: one per alternative a request offers as a choice ("monday or
 * tuesday", "tomorrow or friday afternoon"), each as {@link searchWindow} reads it; else the one.
 * @example searchWindows(parseRequest('with bob monday or tuesday', opts), 30, now).length // 2
 */
export function searchWindows(intent: Pick<Intent, 'start' | 'window' | 'alternatives'>, durationMinutes: number, now: Date): SearchWindow[] {
  return (intent.alternatives?.length ? intent.alternatives : [intent]).map((when) => searchWindow(when, durationMinutes, now));
}

/**
 * The widening rule: when nothing is free in `window`, the next {@link SEARCH_DAYS} days after
 * it (from `now` when the window is already past).
 */
export function widenedWindow(window: SearchWindow, now: Date): SearchWindow {
  const from = Math.max(Date.parse(window.to), now.getTime());
  return { from: iso(from), to: DateTime.fromMillis(from, { zone: 'utc' }).plus({ days: SEARCH_DAYS }).toISO()! };
}

/** Whether a window still has room for a slot (its end is after its start). */
export const isOpenWindow = (window: SearchWindow): boolean => Date.parse(window.to) > Date.parse(window.from);
