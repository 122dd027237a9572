/**
 * Reads one CalDAV calendar object (an iCalendar text: a series and its moved occurrences, or
 * a single event) into a RemoteEvent. Times with an IANA TZID are read in that zone; other
 * TZIDs through the object's own VTIMEZONE (ical.js); floating times in `fallbackZone`.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { RemoteEvent, RemoteEventStatus } from '../types.js';

type IcalTime = InstanceType<typeof ICAL.Time>;

function zoneOf(prop: InstanceType<typeof ICAL.Property> | null, fallbackZone: string): string {
  const tzid = prop?.getParameter('tzid');
  const name = typeof tzid === 'string' ? tzid : null;
  return name && DateTime.local().setZone(name).isValid ? name : fallbackZone;
}

function instantOf(time: IcalTime, prop: InstanceType<typeof ICAL.Property> | null, fallbackZone: string): number {
  if (time.zone === ICAL.Timezone.utcTimezone) return time.toUnixTime() * 1000;
  const tzid = prop?.getParameter('tzid');
  const zone = zoneOf(prop, fallbackZone);
  if (typeof tzid === 'string' && zone !== tzid && time.zone && time.zone !== ICAL.Timezone.localTimezone)
    return time.toUnixTime() * 1000;
  return DateTime.fromObject(
    {
      year: time.year,
      month: time.month,
      day: time.day,
      hour: time.isDate ? 0 : time.hour,
      minute: time.isDate ? 0 : time.minute,
      second: time.isDate ? 0 : time.second,
    },
    { zone },
  ).toMillis();
}

function statusOf(vevent: InstanceType<typeof ICAL.Component>): RemoteEventStatus {
  const s = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase();
  return s === 'CANCELLED' ? 'cancelled' : s === 'TENTATIVE' ? 'tentative' : 'confirmed';
}

function timesOf(
  vevent: InstanceType<typeof ICAL.Component>,
  fallbackZone: string,
): { start: number; end: number; zone: string } {
  const event = new ICAL.Event(vevent);
  const startProp = vevent.getFirstProperty('dtstart');
  const endProp = vevent.getFirstProperty('dtend');
  const start = instantOf(event.startDate, startProp, fallbackZone);
  let end: number;
  if (endProp) end = instantOf(event.endDate, endProp, fallbackZone);
  else if (vevent.hasProperty('duration')) end = start + event.duration.toSeconds() * 1000;
  else end = event.startDate.isDate ? start + 86_400_000 : start;
  return { start, end, zone: zoneOf(startProp, fallbackZone) };
}

export interface ParseCalendarObjectOptions {
  /** The zone of floating times and all-day dates: the calendar's, else the host's (UTC when not given). */
  fallbackZone?: string;
  /** The account's own addresses (lower case, without mailto:), when known for sure. */
  selfAddresses?: readonly string[];
}

/** The PARTSTAT of the account's own ATTENDEE (one of `selfAddresses`), upper case, or null when it is not listed. */
function ownPartstat(vevent: InstanceType<typeof ICAL.Component>, selfAddresses: readonly string[]): string | null {
  if (!selfAddresses.length) return null;
  const own = vevent.getAllProperties('attendee').find((p) => selfAddresses.includes(String(p.getFirstValue() ?? '').replace(/^mailto:/i, '').toLowerCase()));
  return own ? String(own.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase() : null;
}

/** True when the account's own ATTENDEE has PARTSTAT=DECLINED. */
const isDeclinedBySelf = (vevent: InstanceType<typeof ICAL.Component>, selfAddresses: readonly string[]): boolean => ownPartstat(vevent, selfAddresses) === 'DECLINED';

/** Whether the series (or single event) blocks: TRANSP, all-day entries without it (birthdays, reminders), the account's decline. */
function masterTransparency(master: InstanceType<typeof ICAL.Component>, selfAddresses: readonly string[]): 'opaque' | 'transparent' {
  const transp = String(master.getFirstPropertyValue('transp') ?? 'OPAQUE').toUpperCase();
  // All-day entries without TRANSP are usually birthdays and reminders: they do not block time.
  const allDayFree = new ICAL.Event(master).startDate.isDate && !master.hasProperty('transp');
  return transp === 'TRANSPARENT' || allDayFree || isDeclinedBySelf(master, selfAddresses) ? 'transparent' : 'opaque';
}

/**
 * One occurrence's own transparency (RFC 5545: an overriding VEVENT replaces the occurrence, with
 * its own TRANSP and ATTENDEE PARTSTATs): the account declined just this one, or marked it free
 * (or busy again). An override that says neither keeps the series'.
 */
function overrideTransparency(v: InstanceType<typeof ICAL.Component>, series: 'opaque' | 'transparent', selfAddresses: readonly string[]): 'opaque' | 'transparent' {
  const partstat = ownPartstat(v, selfAddresses);
  if (String(v.getFirstPropertyValue('transp') ?? '').toUpperCase() === 'TRANSPARENT' || partstat === 'DECLINED') return 'transparent';
  if (v.hasProperty('transp')) return 'opaque';
  // An all-day occurrence without TRANSP is free like such a series (birthdays, reminders).
  if (new ICAL.Event(v).startDate.isDate) return 'transparent';
  // Accepted or tentative for this occurrence, though the series was declined: it blocks.
  if (partstat === 'ACCEPTED' || partstat === 'TENTATIVE') return 'opaque';
  return series;
}

/**
 * Parses a calendar object stored at `href`. Returns null when it holds no VEVENT. An
 * invitation the account declined (its own ATTENDEE with PARTSTAT=DECLINED) does not block.
 */
export function parseCalendarObject(
  ics: string,
  href: string,
  etag: string | null,
  options: ParseCalendarObjectOptions = {},
): RemoteEvent | null {
  const fallbackZone = options.fallbackZone ?? 'UTC';
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevents = root.getAllSubcomponents('vevent');
  const master = vevents.find((v) => !v.hasProperty('recurrence-id')) ?? vevents[0];
  if (!master) return null;
  const selfAddresses = options.selfAddresses ?? [];
  const { start, end, zone } = timesOf(master, fallbackZone);
  const transparency = masterTransparency(master, selfAddresses);
  const recurrence = master
    .getAllProperties()
    .filter((p) => ['rrule', 'exdate'].includes(p.name))
    .map((p) => p.toICALString());
  const overrides = vevents
    .filter((v) => v !== master && v.hasProperty('recurrence-id'))
    .map((v) => {
      const ridProp = v.getFirstProperty('recurrence-id')!;
      const originalStart = instantOf(ridProp.getFirstValue() as IcalTime, ridProp, zone);
      const t = timesOf(v, zone);
      return { originalStart, start: t.start, end: t.end, status: statusOf(v), transparency: overrideTransparency(v, transparency, selfAddresses) };
    });
  return {
    externalId: href,
    icalUid: (master.getFirstPropertyValue('uid') as string | null) ?? null,
    etag,
    summary: (master.getFirstPropertyValue('summary') as string | null) ?? null,
    status: statusOf(master),
    transparency,
    start,
    end,
    timezone: zone,
    recurrence: recurrence.some((l) => l.startsWith('RRULE')) ? recurrence : null,
    overrides,
  };
}
