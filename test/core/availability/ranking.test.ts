import { expect } from 'chai';
import fc from 'fast-check';
import { listAvailableSlots } from '../../../core/availability/index.js';
import { outsiderSchedule, rankSlots, type RankingHost } from '../../../core/availability/ranking.js';
import { at, clock, HOUR, host, MINUTE, schedule, weekly, WORKDAYS } from './helpers.js';

const BERLIN = 'Europe/Berlin';
const TOKYO = 'Asia/Tokyo';
const berlinWeek = schedule(BERLIN, weekly('09:00', '17:00', WORKDAYS));

function weekSlots(busy: { start: number; end: number }[] = []) {
  const range = { start: at('2026-12-07T00:00', BERLIN), end: at('2026-12-12T00:00', BERLIN) };
  return listAvailableSlots({ now: range.start - HOUR, range, durationMinutes: 30, kind: 'one_on_one', hosts: [host('h1', berlinWeek, busy)] });
}

// Unless a test says otherwise, every busy block is one meeting.
const ada = (extra: Partial<RankingHost> = {}): RankingHost => ({ hostId: 'h1', name: 'ada', schedule: berlinWeek, busy: [], meetingStarts: (extra.busy ?? []).map((b) => b.start), ...extra });

describe('rankSlots (smart times)', () => {
  it('puts the top three inside both working days for a host in Berlin and an invitee in Tokyo, and says why', () => {
    const ranked = rankSlots({ slots: weekSlots(), hosts: [ada()], attendees: [{ name: 'the invitee', schedule: outsiderSchedule(TOKYO) }] });
    for (const slot of ranked.slice(0, 3)) {
      const tokyo = new Date(slot.start).toLocaleString('en-GB', { timeZone: TOKYO, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      expect(clock(slot.start, BERLIN) >= '09:00' && clock(slot.end, BERLIN) <= '17:00', 'Berlin hours').to.equal(true);
      expect(clock(slot.start, TOKYO) >= '09:00' && clock(slot.end, TOKYO) <= '18:00', `Tokyo hours ${tokyo}`).to.equal(true);
      expect(tokyo).to.not.match(/^(Sat|Sun)/);
      expect(slot.score).to.be.greaterThan(0);
      expect(slot.reasons[0]).to.equal('inside the working hours of the invitee (Asia/Tokyo)');
    }
    const last = ranked[ranked.length - 1]!;
    expect(last.score).to.be.lessThan(0);
    expect(last.reasons[0]).to.equal('outside the working hours of the invitee (Asia/Tokyo)');
  });

  it('is deterministic and never mutates its input', () => {
    const slots = weekSlots();
    const copy = JSON.stringify(slots);
    const options = { slots, hosts: [ada()], attendees: [{ name: 'bob', schedule: outsiderSchedule('America/New_York') }], requestedAt: at('2026-12-09T15:00', BERLIN) };
    expect(rankSlots(options)).to.deep.equal(rankSlots(options));
    expect(JSON.stringify(slots)).to.equal(copy);
  });

  it('prefers the requested time, the preferred hours, and keeps focus blocks free', () => {
    const slots = weekSlots();
    const near = rankSlots({ slots, hosts: [ada()], attendees: [], requestedAt: at('2026-12-09T14:00', BERLIN) });
    expect(new Date(near[0]!.start).toISOString()).to.equal(new Date(at('2026-12-09T14:00', BERLIN)).toISOString());
    expect(near[0]!.reasons).to.include('exactly the requested time');
    const preferring = rankSlots({ slots, hosts: [ada({ preferredHours: [{ start: '11:00', end: '12:00' }], focusBlocks: [{ start: '09:00', end: '11:00' }] })], attendees: [] });
    expect(clock(preferring[0]!.start, BERLIN) >= '11:00' && clock(preferring[0]!.end, BERLIN) <= '12:00').to.equal(true);
    const inFocus = preferring.find((s) => clock(s.start, BERLIN) === '09:30')!;
    expect(inFocus.reasons).to.include("over ada's focus time");
    expect(inFocus.reasons).to.include("outside ada's preferred hours");
  });

  it('avoids fragmenting a free afternoon and back-to-back meetings, and favours lighter days', () => {
    const meeting = { start: at('2026-12-08T12:00', BERLIN), end: at('2026-12-08T13:00', BERLIN) };
    const heavy = ['09', '10', '11'].map((h) => ({ start: at(`2026-12-10T${h}:00`, BERLIN), end: at(`2026-12-10T${h}:30`, BERLIN) }));
    const busy = [meeting, ...heavy];
    const ranked = rankSlots({ slots: weekSlots(busy), hosts: [ada({ busy })], attendees: [] });
    const byTime = (local: string) => ranked.find((s) => s.start === at(local, BERLIN))!;
    const middle = byTime('2026-12-08T15:00');
    expect(middle.reasons.some((r) => r.startsWith("splits ada's free 4h block"))).to.equal(true);
    const edge = byTime('2026-12-08T16:30');
    expect(edge.score).to.be.greaterThan(middle.score);
    const adjacent = byTime('2026-12-08T13:00');
    expect(adjacent.reasons).to.include("back-to-back with another of ada's meetings");
    const heavyDay = byTime('2026-12-10T14:00');
    expect(heavyDay.reasons).to.include("ada's busiest day this week (3 meetings)");
    expect(byTime('2026-12-07T14:00').score).to.be.greaterThan(heavyDay.score);
  });

  it('counts a day\u2019s meetings, not its busy blocks: back-to-back meetings are each one, calendar blocks none', () => {
    const half = (local: string) => ({ start: at(local, BERLIN), end: at(local, BERLIN) + 30 * MINUTE });
    const backToBack = ['09:00', '09:30', '10:00', '10:30', '11:00'].map((t) => half(`2026-12-10T${t}`));
    const tuesday = [half('2026-12-08T09:00'), half('2026-12-08T11:00')];
    const calendar = ['09:00', '10:00', '11:00'].map((t) => half(`2026-12-09T${t}`));
    const meetings = [...backToBack, ...tuesday];
    const busy = [...meetings, ...calendar];
    const ranked = rankSlots({ slots: weekSlots(busy), hosts: [ada({ busy, meetingStarts: meetings.map((m) => m.start) })], attendees: [] });
    const reasonsAt = (local: string) => ranked.find((s) => s.start === at(local, BERLIN))!.reasons;
    expect(reasonsAt('2026-12-10T14:00')).to.include("ada's busiest day this week (5 meetings)");
    expect(reasonsAt('2026-12-08T14:00')).to.include('a lighter day for ada (2 meetings; busiest this week: 5 meetings)');
    expect(reasonsAt('2026-12-09T14:00')).to.include('a lighter day for ada (0 meetings; busiest this week: 5 meetings)');
  });

  it('never ranks a slot outside an attendee’s working hours above one inside (property)', () => {
    const zones = ['Asia/Tokyo', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    const slot = fc.record({ day: fc.integer({ min: 7, max: 11 }), minutes: fc.integer({ min: 18, max: 33 }).map((x) => x * 30) });
    fc.assert(
      fc.property(fc.array(slot, { minLength: 2, maxLength: 12 }), fc.constantFrom(...zones), fc.option(fc.integer({ min: 0, max: 5 * 24 }), { nil: null }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 5 }), (picks, zone, requestedHour, busyHalfHours) => {
        const base = at('2026-12-07T00:00', BERLIN);
        const slots = [...new Map(picks.map((p) => { const start = base + (p.day - 7) * 24 * HOUR + p.minutes * MINUTE; return [start, { start, end: start + 30 * MINUTE, hostIds: ['h1'] }]; })).values()];
        const busy = busyHalfHours.map((k) => ({ start: base + 9 * HOUR + k * 30 * MINUTE, end: base + 9 * HOUR + (k + 1) * 30 * MINUTE }));
        const attendee = { name: 'x', schedule: outsiderSchedule(zone) };
        const ranked = rankSlots({ slots, hosts: [ada({ busy })], attendees: [attendee], requestedAt: requestedHour === null ? null : base + requestedHour * HOUR });
        const inside = ranked.map((s) => s.reasons[0]!.startsWith('inside'));
        const firstOutside = inside.indexOf(false);
        if (firstOutside >= 0) expect(inside.slice(firstOutside)).to.not.include(true);
      }),
      { numRuns: 150 },
    );
  });
});
