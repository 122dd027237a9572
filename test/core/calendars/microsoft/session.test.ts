import { expect } from 'chai';
import { fromGraphEvent } from '../../../../core/calendars/microsoft/session.js';

// As Graph sends events asked for with Prefer: outlook.timezone="UTC".
const timed = { id: 'e1', start: { dateTime: '2026-12-09T10:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-09T11:00:00.0000000', timeZone: 'UTC' } };
// All-day events come midnight to midnight whatever zone is asked for (by design, says Microsoft).
const allDay = { id: 'e2', isAllDay: true, start: { dateTime: '2026-12-09T00:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-11T00:00:00.0000000', timeZone: 'UTC' } };

describe('core/calendars/microsoft/session fromGraphEvent', () => {
  it('reads timed events as UTC instants, whatever the host zone', () => {
    const event = fromGraphEvent(timed, 'Australia/Sydney')!;
    expect([new Date(event.start).toISOString(), new Date(event.end).toISOString()]).to.deep.equal(['2026-12-09T10:00:00.000Z', '2026-12-09T11:00:00.000Z']);
  });

  it("places an all-day event on the host's own days (Graph gives it no zone)", () => {
    const sydney = fromGraphEvent(allDay, 'Australia/Sydney')!;
    expect([new Date(sydney.start).toISOString(), new Date(sydney.end).toISOString(), sydney.timezone]).to.deep.equal(['2026-12-08T13:00:00.000Z', '2026-12-10T13:00:00.000Z', 'Australia/Sydney']);
    const angeles = fromGraphEvent(allDay, 'America/Los_Angeles')!;
    expect([new Date(angeles.start).toISOString(), new Date(angeles.end).toISOString()]).to.deep.equal(['2026-12-09T08:00:00.000Z', '2026-12-11T08:00:00.000Z']);
  });
});
