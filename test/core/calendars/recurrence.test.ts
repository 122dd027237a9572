import { expect } from 'chai';
import { expandEvent } from '../../../core/calendars/recurrence.js';
import type { RemoteEvent } from '../../../core/calendars/types.js';

const HOUR = 3_600_000;
const event = (over: Partial<RemoteEvent>): RemoteEvent => ({
  externalId: 'e1',
  icalUid: 'e1@example.com',
  etag: null,
  summary: 'Standup',
  status: 'confirmed',
  transparency: 'opaque',
  start: Date.parse('2026-10-19T07:00:00Z'),
  end: Date.parse('2026-10-19T08:00:00Z'),
  timezone: 'Europe/Berlin',
  recurrence: null,
  ...over,
});
const window = { from: Date.parse('2026-10-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') };
const starts = (e: RemoteEvent, w = window) => expandEvent(e, w).map((o) => new Date(o.start).toISOString());

describe('core/calendars/recurrence expandEvent', () => {
  it('keeps a weekly 09:00 Berlin meeting at 09:00 local across the end of summer time', () => {
    expect(starts(event({ recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'] }))).to.deep.equal([
      '2026-10-19T07:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
      '2026-11-02T08:00:00.000Z',
    ]);
  });

  it('skips EXDATEs (in the event zone or UTC) and stops at UNTIL, an instant', () => {
    const e = event({
      recurrence: [
        'RRULE:FREQ=DAILY;UNTIL=20261023T070000Z',
        'EXDATE;TZID=Europe/Berlin:20261020T090000',
        'EXDATE:20261022T070000Z',
      ],
    });
    expect(starts(e)).to.deep.equal([
      '2026-10-19T07:00:00.000Z',
      '2026-10-21T07:00:00.000Z',
      '2026-10-23T07:00:00.000Z',
    ]);
  });

  it('stores only occurrences inside the window, and an endless rule up to the window end', () => {
    const w = { from: Date.parse('2026-12-01T00:00:00Z'), to: Date.parse('2026-12-15T00:00:00Z') };
    expect(starts(event({ recurrence: ['RRULE:FREQ=WEEKLY'] }), w)).to.deep.equal([
      '2026-12-07T08:00:00.000Z',
      '2026-12-14T08:00:00.000Z',
    ]);
  });

  it('replaces a moved occurrence and keeps a canceled one as a canceled row', () => {
    const moved = Date.parse('2026-10-26T08:00:00Z');
    const canceled = Date.parse('2026-11-02T08:00:00Z');
    const out = expandEvent(
      event({
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'],
        overrides: [
          { originalStart: moved, start: moved + 2 * HOUR, end: moved + 3 * HOUR, status: 'confirmed' },
          { originalStart: canceled, start: canceled, end: canceled + HOUR, status: 'cancelled' },
        ],
      }),
      window,
    );
    expect(out.map((o) => [new Date(o.start).toISOString(), o.status])).to.deep.equal([
      ['2026-10-19T07:00:00.000Z', 'confirmed'],
      ['2026-10-26T10:00:00.000Z', 'confirmed'],
      ['2026-11-02T08:00:00.000Z', 'cancelled'],
    ]);
    expect(out[1]!.instanceKey).to.equal('e1|2026-10-26T08:00:00.000Z');
  });

  it('gives a single event as itself, keyed by its id', () => {
    expect(expandEvent(event({}), window)).to.deep.equal([
      {
        instanceKey: 'e1',
        start: Date.parse('2026-10-19T07:00:00Z'),
        end: Date.parse('2026-10-19T08:00:00Z'),
        status: 'confirmed',
        isRecurring: false,
      },
    ]);
  });

  it('keeps a single event however far past the window end it is, and drops one that ended before the window', () => {
    const far = event({ start: Date.parse('2027-09-01T07:00:00Z'), end: Date.parse('2027-09-01T08:00:00Z') });
    expect(starts(far)).to.deep.equal(['2027-09-01T07:00:00.000Z']);
    const past = event({ start: Date.parse('2026-09-01T07:00:00Z'), end: Date.parse('2026-09-01T08:00:00Z') });
    expect(starts(past)).to.deep.equal([]);
  });
});
