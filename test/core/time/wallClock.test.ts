import { expect } from 'chai';
import { DateTime } from 'luxon';
import { formatWallClockTime } from '../../../core/time/wallClock.js';
import { formatMeetingTime, formatNoticeInstant } from '../../../core/notify/email/render.js';

describe('formatWallClockTime', () => {
  const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone });

  it('names the offset of a time that happens twice (Berlin, 31 October 2027), on both clocks', () => {
    expect(formatWallClockTime(at('2027-10-31T00:30:00Z', 'Europe/Berlin'))).to.equal('02:30 CEST');
    expect(formatWallClockTime(at('2027-10-31T01:30:00Z', 'Europe/Berlin'))).to.equal('02:30 CET');
    expect(formatWallClockTime(at('2027-10-31T01:30:00Z', 'Europe/Berlin'), true)).to.equal('2:30 AM CET');
  });

  it('leaves every other time as it was: before and after the overlap, and the spring-forward day', () => {
    expect(formatWallClockTime(at('2027-10-30T23:30:00Z', 'Europe/Berlin'))).to.equal('01:30');
    expect(formatWallClockTime(at('2027-10-31T02:00:00Z', 'Europe/Berlin'))).to.equal('03:00');
    expect(formatWallClockTime(at('2027-03-28T01:30:00Z', 'Europe/Berlin'))).to.equal('03:30');
    expect(formatWallClockTime(at('2027-03-28T01:30:00Z', 'Europe/Berlin'), true)).to.equal('3:30 AM');
  });

  it('handles Lord Howe\u2019s half-hour fall-back (02:00 → 01:30)', () => {
    // 7 April 2024, 01:45 local happens at +11:00 and again at +10:30.
    const first = formatWallClockTime(at('2024-04-06T14:45:00Z', 'Australia/Lord_Howe'));
    const second = formatWallClockTime(at('2024-04-06T15:15:00Z', 'Australia/Lord_Howe'));
    expect(first).to.match(/^01:45 /);
    expect(second).to.match(/^01:45 /);
    expect(first).to.not.equal(second);
  });
});

describe('formatMeetingTime (e-mails)', () => {
  it('tells the two 02:00s of the autumn change apart', () => {
    expect(formatMeetingTime(new Date('2027-10-31T01:00:00Z'), new Date('2027-10-31T01:30:00Z'), 'Europe/Berlin')).to.equal('Sunday, 31 October 2027, 02:00 CET–02:30 CET (Europe/Berlin)');
    expect(formatMeetingTime(new Date('2026-11-30T14:00:00Z'), new Date('2026-11-30T14:30:00Z'), 'Europe/Berlin')).to.equal('Monday, 30 November 2026, 15:00–15:30 (Europe/Berlin)');
  });
});

describe('formatNoticeInstant (notices)', () => {
  it('writes one instant with its day in the reader’s zone, and tells the two 02:00s of the autumn change apart', () => {
    expect(formatNoticeInstant(new Date('2026-12-01T10:00:00Z'), 'Europe/Berlin')).to.equal('Tuesday, 1 December 2026, 11:00 (Europe/Berlin)');
    expect(formatNoticeInstant(new Date('2026-12-01T03:00:00Z'), 'America/New_York')).to.equal('Monday, 30 November 2026, 22:00 (America/New_York)');
    expect(formatNoticeInstant(new Date('2027-10-31T01:00:00Z'), 'Europe/Berlin')).to.equal('Sunday, 31 October 2027, 02:00 CET (Europe/Berlin)');
  });
});
