import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  canonicalTimeZone,
  isValidTimeZone,
  iterateLocalDays,
  type LocalDay,
  listLocalDays,
  offsetSpans,
  localDateOf,
  localDayRange,
  localTimeOnDay,
  localTimeToInstant,
  parseHHMM,
  parseLocalDate,
} from '../../../core/time/zones.js';

const HOUR = 3_600_000;

/** Zones with unusual offsets or transitions: half-hour DST, midnight changes, Ramadan suspensions. */
const TRICKY_ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Santiago',
  'America/Havana',
  'Africa/Casablanca',
  'Asia/Beirut',
  'Pacific/Chatham',
  'America/St_Johns',
  'UTC',
] as const;

const hours = (date: string, zone: string): number => {
  const { start, end } = localDayRange(date, zone);
  return (end - start) / HOUR;
};

describe('core/time/zones', () => {
  describe('isValidTimeZone', () => {
    it('accepts IANA names and rejects anything else', () => {
      expect(isValidTimeZone('Europe/Berlin')).to.equal(true);
      expect(isValidTimeZone('Asia/Kathmandu')).to.equal(true);
      expect(isValidTimeZone('UTC')).to.equal(true);
      expect(isValidTimeZone('Mars/Olympus_Mons')).to.equal(false);
      expect(isValidTimeZone('')).to.equal(false);
    });
  });

  describe('canonicalTimeZone', () => {
    it('spells a zone typed in any case as the tz database does, and changes nothing else', () => {
      expect(canonicalTimeZone('europe/berlin')).to.equal('Europe/Berlin');
      expect(canonicalTimeZone('AMERICA/NEW_YORK')).to.equal('America/New_York');
      expect(canonicalTimeZone('america/port-au-prince')).to.equal('America/Port-au-Prince');
      expect(canonicalTimeZone('america/argentina/buenos_aires')).to.equal('America/Argentina/Buenos_Aires');
      expect(canonicalTimeZone('utc')).to.equal('UTC');
      expect(canonicalTimeZone('etc/gmt+5')).to.equal('Etc/GMT+5');
      // Current names this ICU knows under older ones keep the name typed, not the old one.
      expect(canonicalTimeZone('asia/kolkata')).to.equal('Asia/Kolkata');
      expect(canonicalTimeZone('europe/kyiv')).to.equal('Europe/Kyiv');
      expect(canonicalTimeZone('Asia/Calcutta')).to.equal('Asia/Calcutta');
      expect(canonicalTimeZone('Europe/Berlin')).to.equal('Europe/Berlin');
      expect(canonicalTimeZone('Mars/Olympus_Mons')).to.equal('Mars/Olympus_Mons');
    });

    it('spells every zone ICU lists as ICU does, from its lower-case form', () => {
      for (const zone of Intl.supportedValuesOf('timeZone')) expect(canonicalTimeZone(zone.toLowerCase())).to.equal(zone);
    });
  });

  describe('parseHHMM', () => {
    it('returns minutes after midnight', () => {
      expect(parseHHMM('00:00')).to.equal(0);
      expect(parseHHMM('09:30')).to.equal(570);
      expect(parseHHMM('23:59')).to.equal(1439);
    });

    it('accepts 24:00 as the end of the day', () => {
      expect(parseHHMM('24:00')).to.equal(1440);
    });

    for (const bad of ['9:30', '24:01', '25:00', '12:60', '12:3', '', ' 09:30', '09:30:00', 'noon']) {
      it(`rejects "${bad}" with a RangeError`, () => {
        expect(() => parseHHMM(bad)).to.throw(RangeError, /Invalid time/);
      });
    }
  });

  describe('parseLocalDate', () => {
    it('accepts real dates and rejects impossible ones', () => {
      expect(parseLocalDate('2028-02-29')).to.deep.equal({ year: 2028, month: 2, day: 29 });
      expect(() => parseLocalDate('2026-02-29')).to.throw(RangeError);
      expect(() => parseLocalDate('2026-13-01')).to.throw(RangeError);
      expect(() => parseLocalDate('26-01-01')).to.throw(RangeError);
    });
  });

  describe('localDayRange', () => {
    it('is 23 h on spring-forward and 25 h on fall-back days', () => {
      expect(hours('2026-03-29', 'Europe/Berlin')).to.equal(23);
      expect(hours('2026-10-25', 'Europe/Berlin')).to.equal(25);
      expect(hours('2026-03-08', 'America/New_York')).to.equal(23);
      expect(hours('2026-11-01', 'America/New_York')).to.equal(25);
      expect(hours('2026-10-04', 'Australia/Sydney')).to.equal(23);
      expect(hours('2026-04-05', 'Australia/Sydney')).to.equal(25);
      expect(hours('2026-10-04', 'Australia/Lord_Howe')).to.equal(23.5);
      expect(hours('2026-04-05', 'Australia/Lord_Howe')).to.equal(24.5);
      expect(hours('2026-06-15', 'Europe/Berlin')).to.equal(24);
    });

    it('starts at local midnight', () => {
      const { start } = localDayRange('2026-07-01', 'Asia/Kathmandu');
      expect(DateTime.fromMillis(start, { zone: 'Asia/Kathmandu' }).toISO()).to.equal('2026-07-01T00:00:00.000+05:45');
    });
  });

  describe('localTimeToInstant', () => {
    it('moves a nonexistent spring-forward time forward by the gap', () => {
      const instant = localTimeToInstant('2026-03-29', 150, 'Europe/Berlin');
      expect(DateTime.fromMillis(instant, { zone: 'Europe/Berlin' }).toFormat('HH:mm ZZ')).to.equal('03:30 +02:00');
    });

    it('treats 1440 minutes as the next local midnight', () => {
      expect(localTimeToInstant('2026-10-25', 1440, 'Europe/Berlin')).to.equal(localDayRange('2026-10-26', 'Europe/Berlin').start);
    });
  });

  describe('localDateOf', () => {
    it('gives the local calendar date, which may differ from the UTC date', () => {
      const instant = Date.parse('2026-06-30T22:30:00Z');
      expect(localDateOf(instant, 'Europe/Berlin')).to.equal('2026-07-01');
      expect(localDateOf(instant, 'America/New_York')).to.equal('2026-06-30');
    });
  });

  describe('listLocalDays and localTimeOnDay', () => {
    it('lists every local day overlapping the range, with ISO weekdays', () => {
      const range = { start: Date.parse('2026-03-27T12:00:00Z'), end: Date.parse('2026-03-30T00:00:00Z') };
      const days = listLocalDays(range, 'Europe/Berlin');
      expect(days.map((d) => [d.date, d.weekday])).to.deep.equal([
        ['2026-03-27', 5],
        ['2026-03-28', 6],
        ['2026-03-29', 7],
        ['2026-03-30', 1],
      ]);
      expect(days.map((d) => d.regular)).to.deep.equal([true, true, false, true]);
      expect(listLocalDays({ start: 5, end: 5 }, 'UTC')).to.deep.equal([]);
    });

    it('lists days that start at the first instant of each local date, back to back (property)', () => {
      const base = Date.parse('2024-01-01T00:00:00Z');
      fc.assert(
        fc.property(fc.constantFrom(...TRICKY_ZONES), fc.integer({ min: 0, max: 4 * 365 }), fc.integer({ min: 0, max: 1440 }), (zone, dayOffset, minutes) => {
          const from = base + dayOffset * 86_400_000 + 3_600_000 * (dayOffset % 24);
          const days = listLocalDays({ start: from, end: from + 20 * 86_400_000 }, zone);
          expect(days[0]!.start).to.be.at.most(from);
          for (let i = 0; i < days.length; i++) {
            const day = days[i]!;
            const first = DateTime.fromMillis(day.start, { zone });
            expect(first.toISODate(), `${zone} ${day.date}`).to.equal(day.date);
            expect(DateTime.fromMillis(day.start - 1, { zone }).toISODate()! < day.date, `${zone} ${day.date} is the first instant`).to.equal(true);
            expect(day.weekday).to.equal(first.weekday);
            if (i > 0) expect(day.start).to.equal(days[i - 1]!.end);
            // The fast path on regular days agrees with the general conversion.
            expect(localTimeOnDay(day, minutes, zone), `${zone} ${day.date} +${minutes}`).to.equal(localTimeToInstant(day.date, minutes, zone));
          }
        }),
        { numRuns: 60 },
      );
    });

    it('localTimeToInstant: earliest matching instant, or forward by the gap (property)', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...TRICKY_ZONES),
          fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
          fc.integer({ min: 0, max: 1439 }),
          (zone, when, minutes) => {
            const date = when.toISOString().slice(0, 10);
            const [year, month, day] = date.split('-').map(Number) as [number, number, number];
            const hour = Math.floor(minutes / 60);
            const wall = { year, month, day, hour, minute: minutes % 60 };
            const wallMs = Date.UTC(year, month - 1, day, hour, wall.minute);
            const offsets = new Set<number>();
            for (let h = -30; h <= 30; h++) offsets.add(DateTime.fromMillis(wallMs + h * 3_600_000, { zone }).offset);
            const matches = [...offsets]
              .map((offset) => wallMs - offset * 60_000)
              .filter((t) => {
                const local = DateTime.fromMillis(t, { zone });
                return local.year === year && local.month === month && local.day === day && local.hour === hour && local.minute === wall.minute;
              });
            // Luxon handles gaps without consulting the current time, so it is the oracle there.
            const expected = matches.length > 0 ? Math.min(...matches) : DateTime.fromObject(wall, { zone }).toMillis();
            expect(localTimeToInstant(date, minutes, zone), `${zone} ${date} ${minutes}`).to.equal(expected);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('picks the first occurrence of an ambiguous fall-back time', () => {
      const instant = localTimeToInstant('2026-10-25', 150, 'Europe/Berlin');
      expect(new Date(instant).toISOString()).to.equal('2026-10-25T00:30:00.000Z');
      const havanaMidnight = localDayRange('2024-11-03', 'America/Havana').start;
      expect(new Date(havanaMidnight).toISOString()).to.equal('2024-11-03T04:00:00.000Z');
    });
  });
});

describe('core/time/zones iterateLocalDays, walked again from remembered days', () => {
  const zones = ['Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'America/Havana', 'Asia/Kolkata', 'Pacific/Apia'];
  const walk = (from: number, zone: string, n: number) => {
    const out: LocalDay[] = [];
    for (const day of iterateLocalDays(from, zone)) {
      out.push(day);
      if (out.length === n) break;
    }
    return out;
  };

  it('gives every day of two years the boundaries the general path gives, first and second time, from any instant of the first day', () => {
    for (const zone of zones) {
      const from = Date.parse('2025-01-01T12:00:00Z');
      const first = walk(from, zone, 730);
      // A second walk, starting late on another day, reads what the first remembered.
      const again = walk(Date.parse('2025-06-30T23:59:00Z'), zone, 400);
      for (const day of [...first, ...again]) {
        const range = localDayRange(day.date, zone);
        expect({ date: day.date, start: day.start, end: day.end }, zone).to.deep.equal({ date: day.date, start: range.start, end: range.end });
        const offsetAt = (t: number) => DateTime.fromMillis(t, { zone }).offset;
        expect(day.regular, `${zone} ${day.date}`).to.equal(day.end - day.start === 24 * HOUR && offsetAt(day.start) === offsetAt(day.end));
      }
      expect(again[0]!.date).to.equal(localDateOf(Date.parse('2025-06-30T23:59:00Z'), zone));
    }
  });

  it('hands out frozen days, so no caller can change what the next one reads', () => {
    const [day] = walk(Date.parse('2026-03-29T10:00:00Z'), 'Europe/Berlin', 1);
    expect(Object.isFrozen(day)).to.equal(true);
    expect(day!.end - day!.start).to.equal(23 * 3_600_000);
  });

  describe('offsetSpans', () => {
    const spans = (zone: string, from: string, to: string) => offsetSpans(zone, Date.parse(from), Date.parse(to)).map((s) => ({ start: new Date(s.start).toISOString(), offsetMinutes: s.offsetMinutes }));

    it('finds both DST changes of a year in Berlin, to the instant', () => {
      expect(spans('Europe/Berlin', '2025-11-02T23:00:00Z', '2026-11-01T23:00:00Z')).to.deep.equal([
        { start: '2025-11-02T23:00:00.000Z', offsetMinutes: 60 },
        { start: '2026-03-29T01:00:00.000Z', offsetMinutes: 120 },
        { start: '2026-10-25T01:00:00.000Z', offsetMinutes: 60 },
      ]);
    });

    it('keeps a half-hour zone without DST as one span (Kolkata, +05:30)', () => {
      expect(spans('Asia/Kolkata', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z')).to.deep.equal([{ start: '2026-01-01T00:00:00.000Z', offsetMinutes: 330 }]);
    });

    it('follows a southern-hemisphere zone whose clocks go back in April (Sydney), from an instant off the second', () => {
      const found = spans('Australia/Sydney', '2026-01-01T00:00:00.250Z', '2026-12-31T00:00:00Z');
      expect(found.map((s) => s.offsetMinutes)).to.deep.equal([660, 600, 660]);
      expect(found.slice(1).map((s) => s.start)).to.deep.equal(['2026-04-04T16:00:00.000Z', '2026-10-03T16:00:00.000Z']);
    });
  });
});
