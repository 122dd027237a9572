// Each family of issue #17, with cases written from the family's description (not taken from
// any corpus), read in several zones and across DST changes.
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { type Intent, parseRequest } from '../../../core/nlp/index.js';
import { normalizeSpoken, originalSpan } from '../../../core/nlp/spoken.js';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
/** Wednesday 2 December 2026, 09:00 wall-clock in `zone`. */
const nowIn = (zone: string, iso = '2026-12-02T09:00'): string => DateTime.fromISO(iso, { zone }).toISO()!;
const read = (text: string, zone: string, now = nowIn(zone)): Intent =>
  parseRequest(text, { now, timezone: zone, locale: 'en-US' });
const wall = (iso: string | null | undefined): string | null =>
  iso ? DateTime.fromISO(iso, { setZone: true }).toFormat('yyyy-MM-dd HH:mm') : null;
/** The moment a request names: its start, else the start of its window. */
const when = (i: Intent): string | null => wall(i.start ?? i.window?.start);

function expectEach(cases: Array<[string, string]>): void {
  for (const zone of ZONES) {
    for (const [text, expected] of cases) {
      it(`reads "${text}" as ${expected} in ${zone}`, () => {
        const i = read(text, zone);
        expect(when(i), JSON.stringify(i)).to.equal(expected);
        // The wall time is in the user's zone, whatever the machine's TZ.
        const start = i.start ?? i.window?.start;
        expect(DateTime.fromISO(start!, { setZone: true }).offset).to.equal(DateTime.fromISO(start!, { zone }).offset);
      });
    }
  }
}

describe('core/nlp families (issue #17)', () => {
  describe('spoken clock times', () => {
    expectEach([
      ['meet at eleven forty five tomorrow', '2026-12-03 11:45'],
      ['call seven fifteen p m friday', '2026-12-04 19:15'],
      ['nine oh five on thursday', '2026-12-03 09:05'],
      ['quarter past ten tomorrow', '2026-12-03 10:15'],
      ['half past six in the evening', '2026-12-02 18:30'],
      ['tonight 930', '2026-12-02 21:30'],
      ['standup eight a m tomorrow', '2026-12-03 08:00'],
      ['twenty-two thirty on friday', '2026-12-04 22:30'],
      ['sixteen hundred tomorrow', '2026-12-03 16:00'],
      ["eleven o'clock on friday", '2026-12-04 11:00'],
      ['quarter to nine tomorrow morning', '2026-12-03 08:45'],
      ['midnight on friday', '2026-12-05 00:00'],
      ['noon tomorrow', '2026-12-03 12:00'],
    ]);
  });

  describe('numeric dates and times', () => {
    expectEach([
      ['3/14', '2027-03-14 00:00'],
      ['3-14', '2027-03-14 00:00'],
      ['12-24-99', '1999-12-24 00:00'],
      ['5/20 at 14h30', '2027-05-20 14:30'],
      ['friday at 9h', '2026-12-04 09:00'],
      ['the 28', '2026-12-28 00:00'],
      ['on 17th', '2026-12-17 00:00'],
    ]);
    it('keeps "9-11" (a range of hours) from becoming a date', () => {
      expect(read('block 9-11', 'Europe/Berlin').window).to.equal(null);
    });
    it('does not take "the 3 people" for a day', () => {
      expect(read('the 3 people', 'Europe/Berlin').window).to.equal(null);
    });
  });

  describe('counted and relative dates', () => {
    expectEach([
      ['2 mondays from now', '2026-12-14 00:00'],
      ['three days from tomorrow', '2026-12-06 00:00'],
      ['a week after friday', '2026-12-11 00:00'],
      ['the day after tomorrow at eleven', '2026-12-04 11:00'],
      ['last day of next month', '2027-01-31 00:00'],
      ['second tuesday of april', '2027-04-13 00:00'],
      ['last friday of the month', '2026-12-25 00:00'],
      ['in 90 minutes', '2026-12-02 10:30'],
      ['in three hours', '2026-12-02 12:00'],
      ['end of day', '2026-12-02 17:00'],
      ['thursday after next', '2026-12-10 00:00'],
    ]);
  });

  describe('intervals and parts of day', () => {
    expectEach([
      ['from 1 to 3 in the afternoon on friday', '2026-12-04 13:00'],
      ['between 10 and 11am tomorrow', '2026-12-03 10:00'],
      ['next weekend', '2026-12-12 00:00'],
      ['monday through wednesday', '2026-12-07 00:00'],
      ['early friday morning', '2026-12-04 06:00'],
      ['late tomorrow afternoon', '2026-12-03 15:00'],
    ]);
    it('gives the range its end too', () => {
      const i = read('from 1 to 3 in the afternoon on friday', 'Asia/Kolkata');
      expect(wall(i.end)).to.equal('2026-12-04 15:00');
      const days = read('monday through wednesday', 'Asia/Kolkata');
      expect(wall(days.window?.end)).to.equal('2026-12-10 00:00');
    });
  });

  describe('periods and clock forms said around the day', () => {
    expectEach([
      ['next quarter', '2027-01-01 00:00'],
      ['last year', '2025-01-01 00:00'],
      ['over the weekend', '2026-12-05 00:00'],
      ['the past 3 days', '2026-11-29 00:00'],
      ['end of the week', '2026-12-04 00:00'],
      ['beginning of next week', '2026-12-07 00:00'],
      ['as soon as possible', '2026-12-02 09:00'],
      ['half eight tomorrow', '2026-12-03 08:30'],
      ['9 tomorrow morning', '2026-12-03 09:00'],
      ['friday eleven', '2026-12-04 11:00'],
      ['what have i got for the week', '2026-12-02 09:00'],
      ['in a couple of hours', '2026-12-02 11:00'],
      ['the next few days', '2026-12-03 00:00'],
      ['call at 4ish on friday', '2026-12-04 16:00'],
      ['12 midnight on friday', '2026-12-05 00:00'],
      ['the following day at ten', '2026-12-03 10:00'],
      ['early next week', '2026-12-07 00:00'],
      ['january the fifth', '2027-01-05 00:00'],
      ['thursday the 17th', '2026-12-17 00:00'],
      ['friday, 8th january', '2027-01-08 00:00'],
      ['tomorrows plan', '2026-12-03 00:00'],
      ['how does my week look', '2026-12-02 09:00'],
    ]);
  });

  describe('months and ranges of days named by their ends', () => {
    expectEach([
      ['what is on for the month of march', '2027-03-01 00:00'],
      ['clear the month of december', '2026-12-02 09:00'],
      ['anything booked the current month', '2026-12-02 09:00'],
      ['show the present week', '2026-12-02 09:00'],
      ['between thursday and saturday', '2026-12-03 00:00'],
      ['any meetings between tomorrow and the 9th', '2026-12-03 00:00'],
    ]);
    it('gives a named month and a between-range their ends', () => {
      expect(wall(read('what is on for the month of march', 'Europe/Berlin').window?.end)).to.equal('2027-04-01 00:00');
      expect(wall(read('anything booked the current month', 'America/New_York').window?.end)).to.equal('2027-01-01 00:00');
      expect(wall(read('between thursday and saturday', 'Asia/Kolkata').window?.end)).to.equal('2026-12-06 00:00');
      expect(wall(read('any meetings between tomorrow and the 9th', 'Australia/Lord_Howe').window?.end)).to.equal('2026-12-10 00:00');
    });
    it('keeps "between 2 and 3pm" a time range, not two dates', () => {
      const i = read('between 2 and 3pm on friday', 'Europe/Berlin');
      expect([wall(i.start ?? i.window?.start), wall(i.end ?? i.window?.end)]).to.deep.equal(['2026-12-04 14:00', '2026-12-04 15:00']);
    });
  });

  describe('speech artefacts', () => {
    expectEach([
      ['um book uh lunch at like one p m tomorrow', '2026-12-03 13:00'],
      ['whats on my calendar tomorrow afternoon', '2026-12-03 12:00'],
      ['put dentist for friday eleven am', '2026-12-04 11:00'],
      ['the twenty first of january', '2027-01-21 00:00'],
    ]);
    it('maps spans back to the words that were said', () => {
      const i = read('um move it to twelve oh three p m', 'Europe/Berlin');
      expect(i.spans.find((s) => s.field === 'start')?.text).to.equal('twelve oh three p m');
      const said = 'um move it to twelve oh three p m';
      const span = i.spans.find((s) => s.field === 'start')!;
      expect(said.slice(span.index, span.index + span.text.length)).to.equal(span.text);
    });
    it('leaves counts that are not clock times alone', () => {
      expect(normalizeSpoken('two fifteen minute calls').text).to.equal('2 15 minute calls');
      expect(normalizeSpoken("I'll check first").text).to.equal("I'll check first");
    });
    it('reads "the one" as the pronoun it is, not as the 1st of the month', () => {
      expect(normalizeSpoken('the one with alice').text).to.equal('the one with alice');
      const onFriday = read('the one on friday', 'Europe/Berlin');
      expect(wall(onFriday.window?.start), 'Friday, not the 1st').to.equal('2026-12-04 00:00');
      expect(read('which one is with bob', 'Europe/Berlin')).to.include({ start: null, window: null });
      expect(wall(read('at one', 'Europe/Berlin').start), 'one is still an hour').to.equal('2026-12-02 13:00');
    });
    it('maps a rewritten phrase back to the whole original phrase', () => {
      const said = 'at twenty-three fifty-nine';
      const n = normalizeSpoken(said);
      expect(n.text).to.equal('at 23:59');
      expect(originalSpan(n, said, 3, 5)).to.deep.equal({ text: 'twenty-three fifty-nine', index: 3 });
    });
  });

  describe('actions from speech', () => {
    const cases: Array<[string, Intent['action']]> = [
      ['put lunch with maria on friday', 'book'],
      ['add a review tomorrow at 3', 'book'],
      ['set a call for monday', 'book'],
      ['make an appointment thursday', 'book'],
      ['clear my dentist tomorrow', 'cancel'],
      ['remove the standup on friday', 'cancel'],
      ['drop the sync', 'cancel'],
      ['shift the retro to thursday', 'reschedule'],
      ['push my two pm to four', 'reschedule'],
      ['am i free at four p m', 'availability'],
      ['whats on friday', 'list'],
      ['do i have anything tomorrow', 'list'],
      ['show me next week', 'list'],
      ['is there anything at noon', 'list'],
    ];
    for (const [text, action] of cases) {
      it(`reads "${text}" as ${action}`, () => {
        expect(read(text, 'America/New_York').action).to.equal(action);
      });
    }
  });

  describe('across DST changes', () => {
    it('counts "in 2 hours" in elapsed time over the spring-forward night (New York)', () => {
      const now = DateTime.fromISO('2026-03-08T00:30', { zone: 'America/New_York' });
      const i = read('in 2 hours', 'America/New_York', now.toISO()!);
      expect(DateTime.fromISO(i.start!).toMillis() - now.toMillis()).to.equal(2 * 3600 * 1000);
      expect(wall(i.start)).to.equal('2026-03-08 03:30');
    });
    it('puts "two weeks from tomorrow ten thirty" after the change at the new offset (Berlin)', () => {
      const i = read('two weeks from tomorrow ten thirty', 'Europe/Berlin', nowIn('Europe/Berlin', '2026-03-20T09:00'));
      expect(i.start).to.equal('2026-04-04T10:30:00.000+02:00');
    });
    it('reads "last day of the month at noon" in Lord Howe after its half-hour change', () => {
      const i = read(
        'last day of the month at noon',
        'Australia/Lord_Howe',
        nowIn('Australia/Lord_Howe', '2026-10-02T09:00'),
      );
      expect(i.start).to.equal('2026-10-31T12:00:00.000+11:00');
    });
    it('reports a spoken time the change skips and moves it forward', () => {
      const i = read(
        'half past two in the morning on march eighth',
        'America/New_York',
        nowIn('America/New_York', '2026-03-01T09:00'),
      );
      expect(wall(i.start)).to.equal('2026-03-08 03:30');
      expect(i.ambiguities.map((a) => a.kind)).to.include('dst_gap');
    });
  });
});
