/**
 * A series of meetings as ONE recurring iCalendar event: a VEVENT with the RRULE, an EXDATE for
 * each occurrence that is not held (cancelled, or refused when the series was booked), and a
 * VEVENT with RECURRENCE-ID for each occurrence that was moved. Times are local times in the
 * series' zone (`DTSTART;TZID=Europe/Berlin:20261013T100000`) with a VTIMEZONE, because a
 * recurrence repeats wall-clock time: with UTC times a 10:00 Berlin meeting would turn into
 * 09:00 or 11:00 after a DST change. Pure: plain values in, text out.
 */
import { IANAZone } from 'luxon';
import { calendarHeadLines, eventBodyLines, type BuildCalendarOptions, type IcsMeeting } from './calendar.js';
import { componentLine, contentLine, utcDateTime } from './writer.js';

export interface IcsSeriesOccurrence {
  /** The start the rule gave this occurrence (its RECURRENCE-ID). */
  recurrenceStart: Date;
  start: Date;
  end: Date;
  /** False for a cancelled (or never booked) occurrence: it becomes an EXDATE. */
  held: boolean;
  sequence: number;
}

export interface IcsSeries extends IcsMeeting {
  /** The zone the rule repeats in (that of the host's working hours). */
  timezone: string;
  /** An RRULE value as toRrule writes it: FREQ=WEEKLY;INTERVAL=1;COUNT=6. */
  rrule: string;
  /** Every occurrence the rule gives, in order; `start`/`end` of the series are the first one's rule times. */
  occurrences: IcsSeriesOccurrence[];
}

const HOUR_MS = 3_600_000;
const pad = (n: number) => String(Math.trunc(n)).padStart(2, '0');

/** The local date-time in a zone, as iCalendar writes it: 20261013T100000. */
export function localDateTime(instant: number, zone: IANAZone): string {
  return wallTime(instant, zone.offset(instant));
}

/** An instant as the wall time of a UTC offset (minutes east): 20261025T030000. */
function wallTime(instant: number, offsetMinutes: number): string {
  const local = new Date(instant + offsetMinutes * 60_000);
  return `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}T${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`;
}

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(abs / 60)}${pad(abs % 60)}`;
}

/** The instants in [from, to] at which the zone's offset changes (found hour by hour, then to the minute). */
function offsetChanges(zone: IANAZone, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += HOUR_MS) {
    if (zone.offset(t) === zone.offset(t + HOUR_MS)) continue;
    let [lo, hi] = [t, t + HOUR_MS];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (zone.offset(mid) === zone.offset(lo)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}

/**
 * A VTIMEZONE covering [from, to]: the observance in force at `from`, then one per offset change
 * (each with its own DTSTART in the local time before the change, as RFC 5545 §3.6.5 writes them).
 */
export function timezoneLines(zoneName: string, from: number, to: number): string[] {
  const zone = IANAZone.create(zoneName);
  const kind = (offset: number, instant: number) => {
    const january = zone.offset(Date.UTC(new Date(instant).getUTCFullYear(), 0, 1));
    const july = zone.offset(Date.UTC(new Date(instant).getUTCFullYear(), 6, 1));
    return offset > Math.min(january, july) ? 'DAYLIGHT' : 'STANDARD';
  };
  const observance = (at: number, before: number, after: number, start: string) => [
    componentLine('BEGIN', kind(after, at)),
    contentLine('DTSTART', {}, { raw: start }),
    contentLine('TZOFFSETFROM', {}, { raw: utcOffset(before) }),
    contentLine('TZOFFSETTO', {}, { raw: utcOffset(after) }),
    componentLine('END', kind(after, at)),
  ];
  const first = zone.offset(from);
  const lines = [componentLine('BEGIN', 'VTIMEZONE'), contentLine('TZID', {}, { text: zoneName }), ...observance(from, first, first, '19700101T000000')];
  for (const change of offsetChanges(zone, from, to)) {
    const before = zone.offset(change - 60_000);
    lines.push(...observance(change, before, zone.offset(change), wallTime(change, before)));
  }
  lines.push(componentLine('END', 'VTIMEZONE'));
  return lines;
}

/**
 * One iCalendar document holding a series: VTIMEZONE, the master VEVENT (RRULE, EXDATE per
 * occurrence not held), and an override VEVENT (RECURRENCE-ID) per occurrence held at another
 * time. `method: 'CANCEL'` cancels the whole series (the master with STATUS:CANCELLED).
 *
 * @example buildSeriesCalendar(series, { name: 'Weekly sync', method: 'REQUEST', now })
 */
export function buildSeriesCalendar(series: IcsSeries, options: BuildCalendarOptions): string {
  return [...calendarHeadLines(options), ...seriesComponentLines(series, options), componentLine('END', 'VCALENDAR')].join('');
}

/**
 * One occurrence of a series on its own: the series' UID with the occurrence's RECURRENCE-ID, so
 * a calendar holding the series changes that one meeting. `method: 'CANCEL'` takes it out of a
 * calendar (a host it was taken from); 'REQUEST' gives it with its own people (a host it was
 * given to, and everyone else's copy of that occurrence), leaving the rest of the series alone.
 */
export function buildOccurrenceCalendar(series: IcsSeries, occurrence: IcsSeriesOccurrence, options: BuildCalendarOptions): string {
  const zone = IANAZone.create(series.timezone);
  const tz = { TZID: { raw: series.timezone } };
  const local = (d: Date) => ({ raw: localDateTime(d.getTime(), zone) });
  const from = Math.min(occurrence.start.getTime(), occurrence.recurrenceStart.getTime()) - 24 * HOUR_MS;
  const to = Math.max(occurrence.end.getTime(), occurrence.recurrenceStart.getTime()) + 24 * HOUR_MS;
  const timing = [contentLine('RECURRENCE-ID', tz, local(occurrence.recurrenceStart)), contentLine('DTSTART', tz, local(occurrence.start)), contentLine('DTEND', tz, local(occurrence.end))];
  const event = eventBodyLines({ ...series, sequence: series.sequence }, options, timing);
  return [...calendarHeadLines(options), ...timezoneLines(series.timezone, from, to), componentLine('BEGIN', 'VEVENT'), ...event, componentLine('END', 'VEVENT'), componentLine('END', 'VCALENDAR')].join('');
}

/** The components of one series (VTIMEZONE, master VEVENT, overrides). */
export function seriesComponentLines(series: IcsSeries, options: Pick<BuildCalendarOptions, 'method' | 'now'>): string[] {
  const span = seriesZoneSpan(series);
  return [...timezoneLines(span.zone, span.from, span.to), ...seriesEventLines(series, options)];
}

/** The zone a series is written in and the instants its VTIMEZONE must cover (a day's margin each side). */
export function seriesZoneSpan(series: IcsSeries): { zone: string; from: number; to: number } {
  const first = series.occurrences[0]?.recurrenceStart ?? series.start;
  const last = series.occurrences.reduce((max, o) => Math.max(max, o.end.getTime(), o.recurrenceStart.getTime()), series.end.getTime());
  return { zone: series.timezone, from: Math.min(first.getTime(), series.start.getTime()) - 24 * HOUR_MS, to: last + 24 * HOUR_MS };
}

/**
 * Several series in one document (a feed): one VTIMEZONE per zone covering every series in it
 * (RFC 5545 allows a TZID once per calendar; a second, narrower one made Thunderbird's parser
 * place one series an hour off), then each series' events.
 */
export function seriesListLines(list: readonly IcsSeries[], options: SeriesLineOptions): string[] {
  const spans = new Map<string, { from: number; to: number }>();
  for (const series of list) {
    const { zone, from, to } = seriesZoneSpan(series);
    const known = spans.get(zone);
    spans.set(zone, known ? { from: Math.min(known.from, from), to: Math.max(known.to, to) } : { from, to });
  }
  return [...[...spans].flatMap(([zone, { from, to }]) => timezoneLines(zone, from, to)), ...list.flatMap((series) => seriesEventLines(series, options))];
}

export interface SeriesLineOptions extends Pick<BuildCalendarOptions, 'method' | 'now'> {
  /**
   * How an occurrence held at another time is written: 'override' (a RECURRENCE-ID VEVENT, what
   * invitations need so mail clients update the one series) or 'separate' (an EXDATE on the rule
   * and an event of its own: for read-only feeds, which calcurse and other clients that ignore
   * RECURRENCE-ID would otherwise show twice, at the rule's time and at the new one).
   */
  moved?: 'override' | 'separate';
}

/** A series' master VEVENT and its overrides, its times in the series' zone (the VTIMEZONE is written apart). */
function seriesEventLines(series: IcsSeries, options: SeriesLineOptions): string[] {
  const zone = IANAZone.create(series.timezone);
  const tz = { TZID: { raw: series.timezone } };
  const local = (d: Date) => ({ raw: localDateTime(d.getTime(), zone) });
  // COUNT becomes UNTIL (the last occurrence's start, in UTC as RFC 5545 requires with TZID): the
  // same set, but calcurse counts EXDATEs against COUNT and would run the series a week too long.
  const lastStart = series.occurrences.at(-1)?.recurrenceStart;
  const rrule = lastStart ? series.rrule.replace(/COUNT=\d+/, `UNTIL=${utcDateTime(lastStart).raw}`) : series.rrule;
  const timing = [contentLine('DTSTART', tz, local(series.start)), contentLine('DTEND', tz, local(series.end)), contentLine('RRULE', {}, { recur: rrule })];
  const isMoved = (o: IcsSeriesOccurrence) => o.held && !(o.start.getTime() === o.recurrenceStart.getTime() && o.end.getTime() - o.start.getTime() === series.end.getTime() - series.start.getTime());
  const separate = options.moved === 'separate';
  for (const o of series.occurrences) if (!o.held || (separate && isMoved(o))) timing.push(contentLine('EXDATE', tz, local(o.recurrenceStart)));
  const lines = [componentLine('BEGIN', 'VEVENT'), ...eventBodyLines(series, options, timing), componentLine('END', 'VEVENT')];
  if (options.method !== 'CANCEL') {
    for (const o of series.occurrences.filter(isMoved)) {
      const at = [contentLine('DTSTART', tz, local(o.start)), contentLine('DTEND', tz, local(o.end))];
      const body = separate
        ? eventBodyLines({ ...series, uid: `${utcDateTime(o.recurrenceStart).raw}-${series.uid}`, sequence: o.sequence }, options, at)
        : eventBodyLines(series, options, [contentLine('RECURRENCE-ID', tz, local(o.recurrenceStart)), ...at]);
      lines.push(componentLine('BEGIN', 'VEVENT'), ...body, componentLine('END', 'VEVENT'));
    }
  }
  return lines;
}
