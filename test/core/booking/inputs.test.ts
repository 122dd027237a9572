import { expect } from 'chai';
import { MAX_RANGE_DAYS, parseInstant, requireDurationMinutes, requireTimeZone, resolveDateRange } from '../../../core/booking/inputs.js';
import { DomainError } from '../../../core/errors.js';

/** The field a validation_failed error names. */
function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    expect((error as DomainError).code).to.equal('validation_failed');
    return (error as DomainError).errors[0]?.field;
  }
  return expect.fail('expected validation_failed');
}

describe('core/booking/inputs', () => {
  it('requireTimeZone accepts IANA names and names the field otherwise', () => {
    expect(requireTimeZone('Europe/Berlin')).to.equal('Europe/Berlin');
    expect(fieldOf(() => requireTimeZone('Mars/Olympus', 'invitee.timezone'))).to.equal('invitee.timezone');
  });

  it('resolveDateRange covers whole local days, a week by default', () => {
    const now = Date.parse('2026-11-24T23:30:00Z');
    // 00:30 on the 25th in Berlin: "today" is the 25th there.
    expect(resolveDateRange({ timezone: 'Europe/Berlin' }, now)).to.deep.equal({
      from: '2026-11-25',
      to: '2026-12-01',
      start: Date.parse('2026-11-24T23:00:00Z'),
      end: Date.parse('2026-12-01T23:00:00Z'),
    });
    // Spring forward: 29 March is 23 hours long in Berlin.
    const dst = resolveDateRange({ from: '2026-03-29', to: '2026-03-29', timezone: 'Europe/Berlin' }, now);
    expect(dst.end - dst.start).to.equal(23 * 3_600_000);
  });

  it(`resolveDateRange refuses bad dates, reversed ranges and more than ${MAX_RANGE_DAYS} days`, () => {
    expect(fieldOf(() => resolveDateRange({ from: '2026-13-01', timezone: 'UTC' }, 0))).to.equal('from');
    expect(fieldOf(() => resolveDateRange({ from: '2026-11-25', to: '2026-11-24', timezone: 'UTC' }, 0))).to.equal('to');
    expect(fieldOf(() => resolveDateRange({ from: '2026-01-01', to: '2026-03-31', timezone: 'UTC' }, 0))).to.equal('to');
  });

  it('parseInstant wants an offset; requireDurationMinutes 1 to 1440 whole minutes', () => {
    expect(parseInstant('2026-11-25T09:00:00+01:00')).to.equal(Date.parse('2026-11-25T08:00:00Z'));
    expect(fieldOf(() => parseInstant('2026-11-25T09:00:00'))).to.equal('start');
    expect(requireDurationMinutes(1440)).to.equal(1440);
    expect(fieldOf(() => requireDurationMinutes(0))).to.equal('durationMinutes');
    expect(fieldOf(() => requireDurationMinutes(30.5))).to.equal('durationMinutes');
  });
});
