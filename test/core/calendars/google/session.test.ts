import { expect } from 'chai';
import { fromGoogleEvent } from '../../../../core/calendars/google/session.js';

const timed = { id: 'e1', start: { dateTime: '2026-12-01T10:00:00Z' }, end: { dateTime: '2026-12-01T11:00:00Z' } };
const allDay = { id: 'e2', start: { date: '2026-12-01' }, end: { date: '2026-12-02' } };

describe('core/calendars/google/session fromGoogleEvent', () => {
  it('counts an event without `transparency` as busy, timed or all-day (Google omits its default, opaque)', () => {
    expect(fromGoogleEvent(timed, 'UTC')?.transparency).to.equal('opaque');
    expect(fromGoogleEvent(allDay, 'UTC')?.transparency).to.equal('opaque');
    expect(fromGoogleEvent({ ...allDay, transparency: 'opaque' }, 'UTC')?.transparency).to.equal('opaque');
  });

  it('counts an event marked transparent (shown as Free) as free, timed or all-day', () => {
    expect(fromGoogleEvent({ ...timed, transparency: 'transparent' }, 'UTC')?.transparency).to.equal('transparent');
    expect(fromGoogleEvent({ ...allDay, transparency: 'transparent' }, 'UTC')?.transparency).to.equal('transparent');
  });

  it('places an all-day event on the calendar zone day', () => {
    const event = fromGoogleEvent(allDay, 'Europe/Berlin')!;
    expect([new Date(event.start).toISOString(), new Date(event.end).toISOString()]).to.deep.equal([
      '2026-11-30T23:00:00.000Z',
      '2026-12-01T23:00:00.000Z',
    ]);
  });

  it('reads a canceled occurrence sent without start or end as the cancellation of that occurrence', () => {
    const event = fromGoogleEvent({ id: 's1_20261215T100000Z', status: 'cancelled', recurringEventId: 's1', originalStartTime: { dateTime: '2026-12-15T11:00:00+01:00' } }, 'Europe/Berlin');
    expect(event).to.include({ externalId: 's1_20261215T100000Z', status: 'cancelled' });
    expect(event?.series).to.deep.equal({ externalId: 's1', originalStart: Date.parse('2026-12-15T10:00:00Z') });
    expect(fromGoogleEvent({ id: 'gone', status: 'cancelled' }, 'UTC')).to.equal(null);
  });
});
