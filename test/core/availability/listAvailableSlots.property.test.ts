import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  listAvailableSlots,
  listWorkingIntervals,
  type HostAvailability,
  type ListAvailableSlotsOptions,
  type Schedule,
  type Slot,
  type WeeklyRule,
} from '../../../core/availability/index.js';
import type { Interval } from '../../../core/time/intervals.js';
import { parseHHMM } from '../../../core/time/zones.js';
import { ALL_DAYS, DAY, MINUTE } from './helpers.js';

// Windows around DST changes in zones with 60- and 30-minute shifts and a +05:45 zone.
const SCENES = [
  { zone: 'Europe/Berlin', around: '2026-03-29' },
  { zone: 'Europe/Berlin', around: '2026-10-25' },
  { zone: 'America/New_York', around: '2026-11-01' },
  { zone: 'Australia/Sydney', around: '2026-10-04' },
  { zone: 'Australia/Lord_Howe', around: '2026-04-05' },
  { zone: 'Asia/Kathmandu', around: '2026-06-01' },
];
const ZONES = [...new Set(SCENES.map((s) => s.zone))];

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Rule times strictly between 01:00 and 03:00 are avoided: in these zones such a time may not exist
 * (moves forward) or exist twice (first occurrence), which a wall-clock oracle cannot express.
 * Rules like 00:00–06:00 still cross every change; dedicated DST tests cover the rest.
 */
const isClearOfChanges = ([start, end]: readonly [number, number]) => !(start > 60 && start < 180) && !(end > 60 && end < 180);

/** A rule on 15-minute marks. */
const minuteRange = fc
  .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 40 }))
  .map(([from, length]) => [from * 15, Math.min(96, from + length) * 15] as const)
  .filter(isClearOfChanges);

const weeklyRule: fc.Arbitrary<WeeklyRule> = fc
  .tuple(fc.constantFrom(...ALL_DAYS), minuteRange)
  .map(([day, [start, end]]) => ({ day, start: hhmm(start), end: hhmm(end) }));

function scheduleArb(zone: fc.Arbitrary<string>, around: string): fc.Arbitrary<Schedule> {
  const date = fc.integer({ min: -2, max: 3 }).map((d) => DateTime.fromISO(around).plus({ days: d }).toISODate()!);
  const override = fc.record({
    date,
    intervals: fc.array(minuteRange.map(([start, end]) => ({ start: hhmm(start), end: hhmm(end) })), { maxLength: 2 }),
  });
  // Most schedules have one set of hours every day plus some odd extra rules.
  const everyDay = fc
    .tuple(fc.integer({ min: 0, max: 48 }), fc.integer({ min: 24, max: 56 }))
    .map(([from, length]) => [from * 15, Math.min(96, from + length) * 15] as const)
    .filter(isClearOfChanges)
    .map(([start, end]) => ALL_DAYS.map((day) => ({ day, start: hhmm(start), end: hhmm(end) })));
  const weekly = fc
    .tuple(fc.option(everyDay, { freq: 4, nil: [] }), fc.array(weeklyRule, { maxLength: 6 }))
    .map(([base, extra]) => [...base, ...extra])
    .filter((rules) => rules.length > 0);
  return fc.record({ timezone: zone, weekly, overrides: fc.array(override, { maxLength: 2 }) });
}

function hostArb(id: string, zone: fc.Arbitrary<string>, around: number, aroundDate: string): fc.Arbitrary<HostAvailability> {
  const instant = fc.integer({ min: -3 * 96, max: 4 * 96 }).map((q) => around + q * 15 * MINUTE);
  const busy = fc.array(
    fc.tuple(instant, fc.integer({ min: 1, max: 16 })).map(([start, quarters]) => ({ start, end: start + quarters * 15 * MINUTE })),
    { maxLength: 8 },
  );
  const limits = fc.array(fc.record({ limit: fc.integer({ min: 1, max: 3 }), starts: fc.array(instant, { maxLength: 4 }) }), { maxLength: 2 });
  return fc.record({ hostId: fc.constant(id), schedule: scheduleArb(zone, aroundDate), busy, dailyLimits: limits });
}

const eventArb = fc.record({
  durationMinutes: fc.constantFrom(15, 30, 45, 60, 90),
  slotStepMinutes: fc.constantFrom(null, 10, 15, 30, 60),
  bufferBeforeMinutes: fc.constantFrom(0, 5, 15, 30),
  bufferAfterMinutes: fc.constantFrom(0, 10, 15),
  minimumNoticeMinutes: fc.constantFrom(0, 0, 90, 600),
  maxDaysAhead: fc.constantFrom(null, null, 2, 5),
  nowOffsetMinutes: fc.integer({ min: -2 * 1440, max: 720 }),
  rangeStartQuarters: fc.integer({ min: -2 * 96, max: 96 }),
  rangeDays: fc.integer({ min: 1, max: 4 }),
});

/** Options for `hostCount` hosts around a DST scene; `sameSchedule` gives all hosts host 0's schedule. */
function optionsArb(kind: ListAvailableSlotsOptions['kind'], hostCount: number, sameSchedule = false): fc.Arbitrary<ListAvailableSlotsOptions> {
  return fc.constantFrom(...SCENES).chain(({ zone, around: aroundDate }) => {
    const around = DateTime.fromISO(aroundDate, { zone }).toMillis();
    const zoneArb = sameSchedule ? fc.constant(zone) : fc.constantFrom(zone, ...ZONES);
    const hosts = fc.tuple(...Array.from({ length: hostCount }, (_, i) => hostArb(`h${i}`, zoneArb, around, aroundDate)));
    return fc.tuple(eventArb, hosts).map(([event, hostList]) => {
      const { nowOffsetMinutes, rangeStartQuarters, rangeDays, ...rules } = event;
      const start = around + rangeStartQuarters * 15 * MINUTE;
      const list = sameSchedule ? hostList.map((h) => ({ ...h, schedule: hostList[0]!.schedule })) : hostList;
      return { ...rules, kind, now: around + nowOffsetMinutes * MINUTE, range: { start, end: start + rangeDays * DAY }, hosts: list };
    });
  });
}

/** Wall-clock oracle: every quarter-hour (and the last instant) of the slot is inside a rule of its local date. */
function isInsideWorkingHours(slot: Slot, schedule: Schedule): boolean {
  // Rules sit on 15-minute marks, so any non-working stretch holds one of these samples.
  const samples: number[] = [];
  for (let t = slot.start; t < slot.end; t += 15 * MINUTE) samples.push(t);
  samples.push(slot.end - 1);
  for (const t of samples) {
    const local = DateTime.fromMillis(t, { zone: schedule.timezone });
    const date = local.toISODate()!;
    const minute = local.hour * 60 + local.minute;
    const override = schedule.overrides.filter((o) => o.date === date);
    const weekday = ALL_DAYS[local.weekday - 1]!;
    const ranges = override.length > 0 ? override.flatMap((o) => o.intervals) : schedule.weekly.filter((r) => r.day === weekday);
    if (!ranges.some((r) => parseHHMM(r.start) <= minute && minute < parseHHMM(r.end))) return false;
  }
  return true;
}

/** Brute-force check of everything but working hours, straight from the rules. */
function passesRules(start: number, host: HostAvailability, o: ListAvailableSlotsOptions): boolean {
  const end = start + o.durationMinutes * MINUTE;
  const guard = { start: start - (o.bufferBeforeMinutes ?? 0) * MINUTE, end: end + (o.bufferAfterMinutes ?? 0) * MINUTE };
  if (host.busy.some((b) => b.start < guard.end && guard.start < b.end)) return false;
  if (start < o.now + (o.minimumNoticeMinutes ?? 0) * MINUTE) return false;
  if (o.maxDaysAhead != null && start >= o.now + o.maxDaysAhead * DAY) return false;
  if (start < o.range.start || end > o.range.end) return false;
  const zone = host.schedule.timezone;
  const date = DateTime.fromMillis(start, { zone }).toISODate();
  return host.dailyLimits.every((l) => l.starts.filter((s) => DateTime.fromMillis(s, { zone }).toISODate() === date).length < l.limit);
}

/** The host's merged working intervals around the window (from the engine's own schedule reader). */
const workingCache = new WeakMap<HostAvailability, Interval[]>();
function workingOf(host: HostAvailability, o: ListAvailableSlotsOptions): Interval[] {
  let working = workingCache.get(host);
  if (working === undefined) {
    working = listWorkingIntervals(host.schedule, { start: o.range.start - 3 * DAY, end: o.range.end + DAY });
    workingCache.set(host, working);
  }
  return working;
}

/** Naive: can this host take a slot at `start` (any grid)? */
function canTake(start: number, host: HostAvailability, o: ListAvailableSlotsOptions): boolean {
  const end = start + o.durationMinutes * MINUTE;
  return workingOf(host, o).some((w) => w.start <= start && end <= w.end) && passesRules(start, host, o);
}

const RUNS = { numRuns: 60 };


describe('listAvailableSlots (properties)', () => {
  it('one_on_one: every slot is inside wall-clock working hours, clear of busy time with buffers, and within all rules', () => {
    fc.assert(
      fc.property(optionsArb('one_on_one', 1), (o) => {
        const host = o.hosts[0]!;
        for (const slot of listAvailableSlots(o)) {
          expect(slot.end - slot.start).to.equal(o.durationMinutes * MINUTE);
          expect(isInsideWorkingHours(slot, host.schedule), `working hours at ${new Date(slot.start).toISOString()}`).to.equal(true);
          expect(passesRules(slot.start, host, o), `rules at ${new Date(slot.start).toISOString()}`).to.equal(true);
        }
      }),
      RUNS,
    );
  });

  it('one_on_one: equals a brute-force scan of the step grid', () => {
    fc.assert(
      fc.property(optionsArb('one_on_one', 1), (o) => {
        const host = o.hosts[0]!;
        const duration = o.durationMinutes * MINUTE;
        const step = (o.slotStepMinutes ?? o.durationMinutes) * MINUTE;
        const expected: number[] = [];
        // The engine anchors grids on intervals from the day before the window; so does this scan.
        const windowStart = Math.max(o.range.start, o.now + (o.minimumNoticeMinutes ?? 0) * MINUTE);
        const working = listWorkingIntervals(host.schedule, { start: windowStart - DAY, end: o.range.end });
        for (const w of working) {
          for (let s = w.start; s + duration <= w.end; s += step) if (passesRules(s, host, o)) expected.push(s);
        }
        expect(listAvailableSlots(o).map((s) => s.start)).to.deep.equal(expected);
      }),
      RUNS,
    );
  });

  it('slots are sorted and, when step >= duration, never overlap', () => {
    fc.assert(
      fc.property(optionsArb('one_on_one', 1), (o) => {
        const slots = listAvailableSlots(o);
        const step = o.slotStepMinutes ?? o.durationMinutes;
        for (let i = 1; i < slots.length; i++) {
          expect(slots[i]!.start).to.be.greaterThan(slots[i - 1]!.start);
          if (step >= o.durationMinutes) expect(slots[i]!.start).to.be.at.least(slots[i - 1]!.end);
        }
      }),
      RUNS,
    );
  });

  it('round robin: hostIds are exactly the hosts free for the slot; collective = the slots where all are free', () => {
    fc.assert(
      fc.property(optionsArb('round_robin', 3), (o) => {
        const roundRobin = listAvailableSlots(o);
        const collective = listAvailableSlots({ ...o, kind: 'collective' });
        for (let i = 1; i < roundRobin.length; i++) expect(roundRobin[i]!.start).to.be.greaterThan(roundRobin[i - 1]!.start);
        for (const slot of roundRobin) {
          const free = o.hosts.filter((h) => canTake(slot.start, h, o)).map((h) => h.hostId);
          expect(slot.hostIds, new Date(slot.start).toISOString()).to.deep.equal(free);
          for (const id of slot.hostIds) expect(isInsideWorkingHours(slot, o.hosts.find((h) => h.hostId === id)!.schedule)).to.equal(true);
        }
        const everyone = o.hosts.map((h) => h.hostId);
        expect(collective).to.deep.equal(roundRobin.filter((s) => s.hostIds.length === everyone.length));
        // Every host's own slots are offered by round robin, with that host among the free ones.
        for (const host of o.hosts) {
          const own = listAvailableSlots({ ...o, kind: 'one_on_one', hosts: [host] });
          const byStart = new Map(roundRobin.map((s) => [s.start, s.hostIds]));
          for (const slot of own) expect(byStart.get(slot.start)).to.include(host.hostId);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('with one shared schedule: collective is the intersection and round robin the union of the hosts’ own slots', () => {
    fc.assert(
      fc.property(optionsArb('round_robin', 3, true), (o) => {
        const own = o.hosts.map((host) => new Set(listAvailableSlots({ ...o, kind: 'one_on_one', hosts: [host] }).map((s) => s.start)));
        const union = [...new Set(own.flatMap((set) => [...set]))].sort((a, b) => a - b);
        const roundRobin = listAvailableSlots(o);
        expect(roundRobin.map((s) => s.start)).to.deep.equal(union);
        for (const slot of roundRobin) {
          expect(slot.hostIds).to.deep.equal(o.hosts.filter((_, i) => own[i]!.has(slot.start)).map((h) => h.hostId));
        }
        const collective = listAvailableSlots({ ...o, kind: 'collective' });
        expect(collective.map((s) => s.start)).to.deep.equal(union.filter((s) => own.every((set) => set.has(s))));
      }),
      { numRuns: 40 },
    );
  });
});
