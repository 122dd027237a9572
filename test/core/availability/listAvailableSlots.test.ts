import { expect } from 'chai';
import { listAvailableSlots, type HostAvailability, type ListAvailableSlotsOptions } from '../../../core/availability/index.js';
import { localDayRange } from '../../../core/time/zones.js';
import { at, clock, DAY, HOUR, host, MINUTE, schedule, wall, weekly, WORKDAYS } from './helpers.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

/** One host, one local day, 60-minute slots unless overridden; `now` long before. */
function slotsOnDay(date: string, hostAvailability: HostAvailability, extra: Partial<ListAvailableSlotsOptions> = {}) {
  return listAvailableSlots({
    now: Date.parse('2020-01-01T00:00:00Z'),
    range: localDayRange(date, hostAvailability.schedule.timezone),
    durationMinutes: 60,
    kind: 'one_on_one',
    hosts: [hostAvailability],
    ...extra,
  });
}

const clocks = (slots: { start: number }[], zone: string) => slots.map((s) => clock(s.start, zone));

describe('listAvailableSlots', () => {
  describe('working hours', () => {
    it('offers 09:00..16:00 for 09:00–17:00 with 60-minute slots', () => {
      const slots = slotsOnDay('2026-06-01', host('h', schedule(BERLIN, weekly('09:00', '17:00', WORKDAYS))));
      expect(clocks(slots, BERLIN)).to.deep.equal(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
      expect(slots.every((s) => s.end - s.start === HOUR && s.hostIds.join() === 'h')).to.equal(true);
    });

    it('offers nothing on a weekday without rules', () => {
      expect(slotsOnDay('2026-06-06', host('h', schedule(BERLIN, weekly('09:00', '17:00', WORKDAYS))))).to.deep.equal([]);
    });

    it('merges overlapping rules and aligns starts from the merged start', () => {
      const rules = [
        { day: 'mon' as const, start: '09:00', end: '12:00' },
        { day: 'mon' as const, start: '11:00', end: '13:00' },
      ];
      const slots = slotsOnDay('2026-06-01', host('h', schedule(BERLIN, rules)), { durationMinutes: 45 });
      expect(clocks(slots, BERLIN)).to.deep.equal(['09:00', '09:45', '10:30', '11:15', '12:00']);
    });

    it('supports several intervals on one day and keeps a slot inside one interval', () => {
      const rules = [
        { day: 'mon' as const, start: '09:00', end: '10:30' },
        { day: 'mon' as const, start: '14:00', end: '15:00' },
      ];
      const slots = slotsOnDay('2026-06-01', host('h', schedule(BERLIN, rules)));
      expect(clocks(slots, BERLIN)).to.deep.equal(['09:00', '14:00']);
    });

    it('joins working hours across midnight and aligns from the evening start', () => {
      const rules = [
        { day: 'sat' as const, start: '22:00', end: '24:00' },
        { day: 'sun' as const, start: '00:00', end: '02:00' },
      ];
      const slots = listAvailableSlots({
        now: 0,
        range: { start: at('2026-06-06T00:00', BERLIN), end: at('2026-06-08T00:00', BERLIN) },
        durationMinutes: 90,
        kind: 'one_on_one',
        hosts: [host('h', schedule(BERLIN, rules))],
      });
      expect(slots.map((s) => wall(s.start, BERLIN))).to.deep.equal(['2026-06-06 22:00', '2026-06-06 23:30']);
    });

    it('offers the last slot of a window when it runs through midnight into the next day’s hours', () => {
      // The window ends at 00:15; the slot 23:30–00:15 needs Saturday's 22:00–24:00 joined to
      // Sunday's 00:00–02:00, so Sunday's rules count even though no slot may start on Sunday.
      const rules = [
        { day: 'sat' as const, start: '22:00', end: '24:00' },
        { day: 'sun' as const, start: '00:00', end: '02:00' },
      ];
      const slots = listAvailableSlots({
        now: 0,
        range: { start: at('2026-06-06T00:00', BERLIN), end: at('2026-06-07T00:15', BERLIN) },
        durationMinutes: 45,
        kind: 'one_on_one',
        hosts: [host('h', schedule(BERLIN, rules))],
      });
      expect(slots.map((s) => wall(s.start, BERLIN))).to.deep.equal(['2026-06-06 22:00', '2026-06-06 22:45', '2026-06-06 23:30']);
    });

    it('offers overlapping candidates when the step is smaller than the duration', () => {
      const slots = slotsOnDay('2026-06-01', host('h', schedule(BERLIN, weekly('09:00', '12:00'))), { slotStepMinutes: 30 });
      expect(clocks(slots, BERLIN)).to.deep.equal(['09:00', '09:30', '10:00', '10:30', '11:00']);
    });

    it('uses a step larger than the duration', () => {
      const slots = slotsOnDay('2026-06-01', host('h', schedule(BERLIN, weekly('09:00', '12:00'))), {
        durationMinutes: 30,
        slotStepMinutes: 90,
      });
      expect(clocks(slots, BERLIN)).to.deep.equal(['09:00', '10:30']);
    });
  });

  describe('date overrides', () => {
    const base = schedule(BERLIN, weekly('09:00', '17:00', WORKDAYS));

    it('closes a day with an empty override', () => {
      const h = host('h', { ...base, overrides: [{ date: '2026-06-01', intervals: [] }] });
      expect(slotsOnDay('2026-06-01', h)).to.deep.equal([]);
      expect(slotsOnDay('2026-06-02', h)).to.have.length(8);
    });

    it('replaces the weekly rules of that date entirely', () => {
      const h = host('h', { ...base, overrides: [{ date: '2026-06-01', intervals: [{ start: '13:00', end: '15:00' }, { start: '18:00', end: '19:00' }] }] });
      expect(clocks(slotsOnDay('2026-06-01', h), BERLIN)).to.deep.equal(['13:00', '14:00', '18:00']);
    });

    it('opens a day that has no weekly rules', () => {
      const h = host('h', { ...base, overrides: [{ date: '2026-06-06', intervals: [{ start: '10:00', end: '12:00' }] }] });
      expect(clocks(slotsOnDay('2026-06-06', h), BERLIN)).to.deep.equal(['10:00', '11:00']);
    });
  });

  describe('busy time and buffers', () => {
    const sched = schedule(BERLIN, weekly('09:00', '17:00'));

    it('removes slots overlapping busy blocks but keeps touching ones', () => {
      const busy = [{ start: at('2026-06-01T10:00', BERLIN), end: at('2026-06-01T11:00', BERLIN) }];
      expect(clocks(slotsOnDay('2026-06-01', host('h', sched, busy)), BERLIN)).to.deep.equal(['09:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    });

    it('handles unsorted, overlapping busy blocks', () => {
      const busy = [
        { start: at('2026-06-01T15:30', BERLIN), end: at('2026-06-01T16:10', BERLIN) },
        { start: at('2026-06-01T09:10', BERLIN), end: at('2026-06-01T09:20', BERLIN) },
        { start: at('2026-06-01T12:00', BERLIN), end: at('2026-06-01T13:30', BERLIN) },
        { start: at('2026-06-01T13:00', BERLIN), end: at('2026-06-01T14:00', BERLIN) },
      ];
      expect(clocks(slotsOnDay('2026-06-01', host('h', sched, busy)), BERLIN)).to.deep.equal(['10:00', '11:00', '14:00']);
    });

    it('keeps the buffers of the new slot clear of busy time', () => {
      const busy = [{ start: at('2026-06-01T12:00', BERLIN), end: at('2026-06-01T13:00', BERLIN) }];
      const slots = slotsOnDay('2026-06-01', host('h', sched, busy), { durationMinutes: 30, bufferBeforeMinutes: 15, bufferAfterMinutes: 15 });
      const starts = clocks(slots, BERLIN);
      expect(starts).to.include.members(['11:00', '13:30']);
      expect(starts).not.to.include.members(['11:30']); // its after-buffer runs to 12:15
      expect(starts).not.to.include.members(['13:00']); // its before-buffer starts at 12:45
    });

    it('lets buffers reach outside working hours', () => {
      const slots = slotsOnDay('2026-06-01', host('h', sched), { bufferBeforeMinutes: 30, bufferAfterMinutes: 30 });
      expect(clocks(slots, BERLIN)[0]).to.equal('09:00');
      expect(clocks(slots, BERLIN).at(-1)).to.equal('16:00');
    });

    it('never mutates the caller’s busy list', () => {
      const busy = [
        { start: at('2026-06-01T15:00', BERLIN), end: at('2026-06-01T16:00', BERLIN) },
        { start: at('2026-06-01T10:00', BERLIN), end: at('2026-06-01T12:00', BERLIN) },
      ];
      const snapshot = structuredClone(busy);
      slotsOnDay('2026-06-01', host('h', sched, busy));
      expect(busy).to.deep.equal(snapshot);
    });
  });

  describe('notice, horizon and range', () => {
    const h = host('h', schedule(BERLIN, weekly('09:00', '17:00')));

    it('starts no earlier than now + minimum notice, on the step grid', () => {
      const slots = slotsOnDay('2026-06-01', h, { now: at('2026-06-01T10:10', BERLIN), minimumNoticeMinutes: 60, durationMinutes: 30 });
      expect(clocks(slots, BERLIN)[0]).to.equal('11:30');
    });

    it('offers a slot starting exactly at now + notice', () => {
      const slots = slotsOnDay('2026-06-01', h, { now: at('2026-06-01T09:00', BERLIN), minimumNoticeMinutes: 120 });
      expect(clocks(slots, BERLIN)[0]).to.equal('11:00');
    });

    it('starts strictly before now + maxDaysAhead days', () => {
      const now = at('2026-06-01T12:00', BERLIN);
      const slots = listAvailableSlots({
        now,
        range: { start: now, end: now + 10 * DAY },
        durationMinutes: 60,
        maxDaysAhead: 2,
        kind: 'one_on_one',
        hosts: [h],
      });
      expect(wall(slots[0]!.start, BERLIN)).to.equal('2026-06-01 12:00');
      expect(wall(slots.at(-1)!.start, BERLIN)).to.equal('2026-06-03 11:00');
      expect(slots).to.have.length(5 + 8 + 3);
    });

    it('offers everything up to the range end without a horizon', () => {
      const now = at('2026-06-01T00:00', BERLIN);
      const slots = listAvailableSlots({ now, range: { start: now, end: now + 10 * DAY }, durationMinutes: 60, maxDaysAhead: null, kind: 'one_on_one', hosts: [h] });
      expect(slots).to.have.length(80);
    });

    it('keeps whole slots inside the range', () => {
      const slots = listAvailableSlots({
        now: 0,
        range: { start: at('2026-06-01T09:30', BERLIN), end: at('2026-06-01T12:30', BERLIN) },
        durationMinutes: 60,
        kind: 'one_on_one',
        hosts: [h],
      });
      expect(clocks(slots, BERLIN)).to.deep.equal(['10:00', '11:00']);
    });

    it('returns nothing for an empty window', () => {
      const slots = slotsOnDay('2026-06-01', h, { now: at('2026-06-02T00:00', BERLIN) });
      expect(slots).to.deep.equal([]);
    });
  });

  describe('daily limits', () => {
    const sched = schedule(NEW_YORK, weekly('09:00', '17:00'));
    // Tuesday 2026-06-02 23:30 in New York is already Wednesday 03:30 UTC.
    const lateTuesday = at('2026-06-02T23:30', NEW_YORK);

    it('closes the host’s local day of a booking, not its UTC day', () => {
      expect(new Date(lateTuesday).toISOString().slice(0, 10)).to.equal('2026-06-03');
      const h = host('h', sched, [], [{ limit: 1, starts: [lateTuesday] }]);
      expect(slotsOnDay('2026-06-02', h)).to.deep.equal([]);
      expect(slotsOnDay('2026-06-03', h)).to.have.length(8);
    });

    it('keeps the day open below the limit', () => {
      const h = host('h', sched, [], [{ limit: 2, starts: [lateTuesday] }]);
      expect(slotsOnDay('2026-06-02', h)).to.have.length(8);
    });

    it('closes the day when any of several limits is reached', () => {
      const h = host('h', sched, [], [
        { limit: 5, starts: [lateTuesday] },
        { limit: 1, starts: [at('2026-06-03T08:00', NEW_YORK)] },
      ]);
      expect(slotsOnDay('2026-06-02', h)).to.have.length(8);
      expect(slotsOnDay('2026-06-03', h)).to.deep.equal([]);
    });
  });

  describe('time zones and DST', () => {
    const dstDays: [string, string][] = [
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Australia/Sydney', '2026-10-04'],
      ['Australia/Sydney', '2026-04-05'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['Australia/Lord_Howe', '2026-04-05'],
    ];

    for (const [zone, date] of dstDays) {
      it(`offers exactly 09:00..16:00 for 09:00–17:00 on ${date} in ${zone}`, () => {
        const slots = slotsOnDay(date, host('h', schedule(zone, weekly('09:00', '17:00'))));
        expect(slots.map((s) => wall(s.start, zone))).to.deep.equal(
          ['09', '10', '11', '12', '13', '14', '15', '16'].map((hh) => `${date} ${hh}:00`),
        );
        expect(slots.every((s) => s.end - s.start === HOUR)).to.equal(true);
      });
    }

    const nightHours: [string, string, number][] = [
      ['Europe/Berlin', '2026-03-29', 5],
      ['Europe/Berlin', '2026-10-25', 7],
      ['America/New_York', '2026-03-08', 5],
      ['America/New_York', '2026-11-01', 7],
      ['Australia/Sydney', '2026-10-04', 5],
      ['Australia/Sydney', '2026-04-05', 7],
      ['Australia/Lord_Howe', '2026-10-04', 5.5],
      ['Australia/Lord_Howe', '2026-04-05', 6.5],
    ];

    for (const [zone, date, realHours] of nightHours) {
      it(`a 00:00–06:00 rule on ${date} in ${zone} is ${realHours} real hours`, () => {
        const slots = slotsOnDay(date, host('h', schedule(zone, weekly('00:00', '06:00'))), { durationMinutes: 30 });
        expect(slots).to.have.length(realHours * 2);
        expect(slots.at(-1)!.end - slots[0]!.start).to.equal(realHours * HOUR);
        expect(clock(slots[0]!.start, zone)).to.equal('00:00');
        expect(clock(slots.at(-1)!.end, zone)).to.equal('06:00');
      });
    }

    it('on fall-back night offers the repeated hour twice, in real time', () => {
      const slots = slotsOnDay('2026-10-25', host('h', schedule(BERLIN, weekly('00:00', '06:00'))));
      expect(clocks(slots, BERLIN)).to.deep.equal(['00:00', '01:00', '02:00', '02:00', '03:00', '04:00', '05:00']);
    });

    it('moves a rule starting in the spring-forward gap to the end of the gap', () => {
      const slots = slotsOnDay('2026-03-29', host('h', schedule(BERLIN, weekly('02:30', '05:00'))), { durationMinutes: 30 });
      expect(clocks(slots, BERLIN)).to.deep.equal(['03:30', '04:00', '04:30']);
    });

    it('aligns slots to local :00/:30 in Asia/Kathmandu (+05:45), not to UTC', () => {
      const zone = 'Asia/Kathmandu';
      const slots = slotsOnDay('2026-06-01', host('h', schedule(zone, weekly('09:00', '12:00'))), { durationMinutes: 30 });
      expect(clocks(slots, zone)).to.deep.equal(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
      expect(slots.map((s) => new Date(s.start).getUTCMinutes() % 30)).to.deep.equal([15, 15, 15, 15, 15, 15]);
    });

    it('reads each host’s rules in its own zone', () => {
      const range = { start: Date.parse('2026-06-01T00:00:00Z'), end: Date.parse('2026-06-02T00:00:00Z') };
      const slots = listAvailableSlots({
        now: 0,
        range,
        durationMinutes: 60,
        kind: 'round_robin',
        hosts: [host('ber', schedule(BERLIN, weekly('09:00', '10:00'))), host('nyc', schedule(NEW_YORK, weekly('09:00', '10:00')))],
      });
      expect(slots.map((s) => [new Date(s.start).toISOString(), s.hostIds])).to.deep.equal([
        ['2026-06-01T07:00:00.000Z', ['ber']],
        ['2026-06-01T13:00:00.000Z', ['nyc']],
      ]);
    });
  });

  describe('collective and round robin', () => {
    const day = localDayRange('2026-06-01', BERLIN);
    const alice = host('alice', schedule(BERLIN, weekly('09:00', '12:00')), [{ start: at('2026-06-01T10:00', BERLIN), end: at('2026-06-01T10:30', BERLIN) }]);
    const bob = host('bob', schedule(BERLIN, weekly('09:30', '12:00')));
    const options = (kind: ListAvailableSlotsOptions['kind'], hosts: HostAvailability[]): ListAvailableSlotsOptions => ({
      now: 0,
      range: day,
      durationMinutes: 60,
      kind,
      hosts,
    });

    it('collective: offers a start only when every host can take it, from the union of the grids', () => {
      const slots = listAvailableSlots(options('collective', [alice, bob]));
      // Alice's grid 09,10,11 and Bob's 09:30,10:30: alice is busy 10:00–10:30.
      expect(clocks(slots, BERLIN)).to.deep.equal(['10:30', '11:00']);
      expect(slots.every((s) => s.hostIds.join() === 'alice,bob')).to.equal(true);
    });

    it('round robin: offers a start when any host can take it, listing the free hosts in input order', () => {
      const slots = listAvailableSlots(options('round_robin', [bob, alice]));
      expect(slots.map((s) => [clock(s.start, BERLIN), s.hostIds.join()])).to.deep.equal([
        ['09:00', 'alice'],
        ['09:30', 'bob'],
        ['10:00', 'bob'],
        ['10:30', 'bob,alice'],
        ['11:00', 'bob,alice'],
      ]);
    });

    it('does not share hostIds arrays between slots', () => {
      const slots = listAvailableSlots(options('collective', [alice, bob]));
      slots[0]!.hostIds.push('mallory');
      expect(slots[1]!.hostIds).to.deep.equal(['alice', 'bob']);
    });
  });

  describe('invalid input', () => {
    const good = host('h', schedule(BERLIN, weekly('09:00', '17:00')));
    const base: ListAvailableSlotsOptions = { now: 0, range: localDayRange('2026-06-01', BERLIN), durationMinutes: 30, kind: 'one_on_one', hosts: [good] };

    const cases: [string, ListAvailableSlotsOptions, RegExp][] = [
      ['a rule ending before it starts', { ...base, hosts: [host('h', schedule(BERLIN, weekly('17:00', '09:00')))] }, /end at or before/],
      ['a rule ending when it starts', { ...base, hosts: [host('h', schedule(BERLIN, weekly('09:00', '09:00')))] }, /end at or before/],
      ['a malformed time', { ...base, hosts: [host('h', schedule(BERLIN, weekly('9:00', '17:00')))] }, /Invalid time/],
      ['an unknown zone', { ...base, hosts: [host('h', schedule('Europe/Atlantis', weekly('09:00', '17:00')))] }, /Unknown time zone/],
      ['a bad override date', { ...base, hosts: [host('h', schedule(BERLIN, [], [{ date: '2026-02-30', intervals: [] }]))] }, /Invalid date/],
      ['a zero duration', { ...base, durationMinutes: 0 }, /durationMinutes/],
      ['a zero step', { ...base, slotStepMinutes: 0 }, /slotStepMinutes/],
      ['a negative buffer', { ...base, bufferAfterMinutes: -5 }, /bufferAfterMinutes/],
      ['a negative horizon', { ...base, maxDaysAhead: -1 }, /maxDaysAhead/],
      ['one_on_one with two hosts', { ...base, hosts: [good, good] }, /exactly one host/],
      ['no hosts', { ...base, kind: 'round_robin', hosts: [] }, /At least one host/],
    ];
    for (const [name, options, message] of cases) {
      it(`throws a RangeError for ${name}`, () => {
        expect(() => listAvailableSlots(options)).to.throw(RangeError, message);
      });
    }
  });

  it('uses the duration as the default step and minutes for everything', () => {
    const slots = slotsOnDay('2026-06-01', host('h', schedule(BERLIN, weekly('09:00', '10:00'))), { durationMinutes: 20, slotStepMinutes: null });
    expect(slots.map((s) => (s.start - slots[0]!.start) / MINUTE)).to.deep.equal([0, 20, 40]);
  });
});
