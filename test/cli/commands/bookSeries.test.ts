import { expect } from 'chai';
import Book from '../../../cli/commands/book.js';
import { recurrenceOf, type SeriesBooking } from '../../../cli/series.js';
import { fakeApi, runWith } from './harness.js';
import { meeting } from './fixtures.js';

const weekly = (index: number, start: string): SeriesBooking['meetings'][number] => ({ ...meeting(), index, id: `${index}0000000-0000-4000-8000-000000000000`, start, end: start.replace(':00:00', ':30:00') });

/** A 6-week series booked with week 4 left out (allowPartial). */
const answer: SeriesBooking = {
  series: { id: 'aaaaaaaa-0000-4000-8000-000000000000', rrule: 'FREQ=WEEKLY;INTERVAL=1;COUNT=6', timezone: 'Europe/Berlin', frequency: 'weekly', interval: 1, count: 6, until: null, occurrences: [] },
  meetings: [weekly(1, '2026-12-01T09:00:00Z'), weekly(2, '2026-12-08T09:00:00Z'), weekly(3, '2026-12-15T09:00:00Z'), weekly(5, '2026-12-29T09:00:00Z'), weekly(6, '2027-01-05T09:00:00Z')],
  conflicts: [{ index: 4, label: 'week 4', start: '2026-12-22T09:00:00.000Z', end: '2026-12-22T09:30:00.000Z', local: '2026-12-22 10:00 Europe/Berlin', reason: 'taken' }],
};

describe('cli/commands/book --repeat (series)', () => {
  it('reads --repeat/--every/--count/--until into the recurrence body and refuses half a rule with exit 2', () => {
    expect(recurrenceOf({ repeat: 'weekly', count: 6 })).to.deep.equal({ frequency: 'weekly', count: 6 });
    expect(recurrenceOf({ repeat: 'monthly', every: 2, until: '2027-06-30' })).to.deep.equal({ frequency: 'monthly', interval: 2, until: '2027-06-30' });
    expect(recurrenceOf({})).to.equal(null);
    for (const bad of [{ count: 6 }, { repeat: 'weekly' }, { repeat: 'weekly', count: 3, until: '2027-01-01' }, { repeat: 'weekly', until: 'soon' }]) {
      expect(() => recurrenceOf(bad), JSON.stringify(bad)).to.throw().with.property('exitCode', 2);
    }
  });

  it('books a weekly series and lists every meeting, and the one not booked', async () => {
    const api = fakeApi({ 'POST /api/meetings/schedule': answer });
    const argv = ['demo/sync', '--at', '2026-12-01T10:00', '--name', 'Gil', '--email', 'gil@example.com', '--tz', 'Europe/Berlin', '--repeat', 'weekly', '--count', '6', '--allow-partial'];
    const { stdout, result } = await runWith<SeriesBooking>(Book, argv, api);
    expect(api.calls[0]!.body).to.deep.include({ user: 'demo', eventType: 'sync', start: '2026-12-01T09:00:00Z', recurrence: { frequency: 'weekly', count: 6 }, allowPartial: true });
    expect(result.meetings).to.have.length(5);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).to.equal('Series aaaaaaaa: weekly, 6 meetings (Europe/Berlin); 5 booked, 1 not');
    expect(lines.filter((l) => /^\d /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).to.deep.equal(['1 10000000', '2 20000000', '3 30000000', '4 -', '5 50000000', '6 60000000']);
    expect(stdout).to.include('Tue 22 Dec 2026 10:00–10:30');
    expect(stdout).to.include('Not booked: week 4, 2026-12-22 10:00 Europe/Berlin (taken)');
  });

  it('--allow-partial without --repeat exits 2 before calling the API', async () => {
    const api = fakeApi({});
    const error = await runWith(Book, ['demo/sync', '--at', '2026-12-01T10:00', '--name', 'G', '--email', 'g@example.com', '--allow-partial'], api).catch((e) => e);
    expect(error.exitCode).to.equal(2);
    expect(api.calls).to.have.length(0);
  });
});
