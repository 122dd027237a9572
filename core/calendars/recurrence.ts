/**
 * Expands external events into the occurrences we store, over a horizon. Recurrence rules
 * repeat wall-clock times in the event's own zone (a 09:00 Berlin weekly stays at 09:00
 * across DST), so occurrences are generated as local times with ical.js and only then
 * turned into instants with luxon.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { RemoteEvent, RemoteEventStatus } from './types.js';

export interface Occurrence {
  instanceKey: string;
  start: number;
  end: number;
  status: RemoteEventStatus;
  isRecurring: boolean;
  /** This occurrence's own, when it differs from its series' (see RemoteEvent.overrides). */
  transparency?: 'opaque' | 'transparent';
}

/** The stored key of one occurrence of a series: the series id and the occurrence's original start. */
export const occurrenceKey = (seriesId: string, originalStart: number): string =>
  `${seriesId}|${new Date(originalStart).toISOString()}`;

function parseExdates(lines: string[], zone: string): Set<number> {
  const out = new Set<number>();
  for (const line of lines) {
    const m = /^EXDATE(;[^:]*)?:(.*)$/i.exec(line.trim());
    if (!m) continue;
    const tzid = /TZID=([^;:]+)/i.exec(m[1] ?? '')?.[1] ?? zone;
    for (const value of m[2]!.split(',')) {
      const utc = value.endsWith('Z');
      const fmt = value.length === 8 ? 'yyyyMMdd' : "yyyyMMdd'T'HHmmss";
      const dt = DateTime.fromFormat(value.replace(/Z$/, ''), fmt, { zone: utc ? 'utc' : tzid });
      if (dt.isValid) out.add(dt.toMillis());
    }
  }
  return out;
}

/**
 * The occurrences of `event` to store over the sync window [from, to). A single event gives
 * itself when it ends after `from`, however far ahead it is (`to` bounds only recurrence
 * expansion: a single event past the horizon still blocks its time, or that date could be
 * double-booked); a recurring one gives each occurrence overlapping [from, to) (RRULE, minus
 * EXDATEs, with moved or canceled occurrences replaced), bounded to `maxOccurrences`.
 */
export function expandEvent(
  event: RemoteEvent,
  window: { from: number; to: number },
  maxOccurrences = 2000,
): Occurrence[] {
  const duration = event.end - event.start;
  if (event.series) {
    return [
      {
        instanceKey: occurrenceKey(event.series.externalId, event.series.originalStart),
        start: event.start,
        end: event.end,
        status: event.status,
        isRecurring: true,
      },
    ];
  }
  const rrule = event.recurrence?.find((l) => /^RRULE:/i.test(l.trim()));
  if (!rrule) {
    return event.end > window.from
      ? [
          {
            instanceKey: event.externalId,
            start: event.start,
            end: event.end,
            status: event.status,
            isRecurring: false,
          },
        ]
      : [];
  }
  const zone = DateTime.local().setZone(event.timezone).isValid ? event.timezone : 'UTC';
  const exdates = parseExdates(event.recurrence ?? [], zone);
  const overrides = new Map((event.overrides ?? []).map((o) => [o.originalStart, o]));
  // UNTIL is an instant; applied on instants below rather than inside the floating-time iterator.
  const ruleText = rrule.trim().slice('RRULE:'.length);
  const untilMatch = /UNTIL=([0-9TZ]+)/i.exec(ruleText);
  const until = untilMatch
    ? DateTime.fromFormat(untilMatch[1]!.replace(/Z$/, '').padEnd(15, 'T000000').slice(0, 15), "yyyyMMdd'T'HHmmss", {
        zone: untilMatch[1]!.endsWith('Z') ? 'utc' : zone,
      }).toMillis()
    : Infinity;
  const recur = ICAL.Recur.fromString(ruleText.replace(/;?UNTIL=[0-9TZ]+/i, ''));
  const local = DateTime.fromMillis(event.start, { zone });
  const dtstart = ICAL.Time.fromData({
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    second: local.second,
    isDate: false,
  });
  const iterator = recur.iterator(dtstart);
  const out: Occurrence[] = [];
  for (let i = 0; i < 100_000 && out.length < maxOccurrences; i++) {
    const next = iterator.next();
    if (!next) break;
    const start = DateTime.fromObject(
      { year: next.year, month: next.month, day: next.day, hour: next.hour, minute: next.minute, second: next.second },
      { zone },
    ).toMillis();
    if (start > until || start >= window.to) break;
    if (exdates.has(start)) continue;
    const moved = overrides.get(start);
    const occurrence = moved
      ? { start: moved.start, end: moved.end, status: moved.status, ...(moved.transparency ? { transparency: moved.transparency } : {}) }
      : { start, end: start + duration, status: event.status };
    if (occurrence.end <= window.from && start + duration <= window.from) continue;
    out.push({ instanceKey: occurrenceKey(event.externalId, start), ...occurrence, isRecurring: true });
  }
  return out;
}
