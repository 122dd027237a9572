import { expect } from 'chai';
import EventTypesCreate from '../../../cli/commands/event-types/create.js';
import Slots from '../../../cli/commands/slots.js';
import { fakeApi, parseError, runWith } from './harness.js';

describe('cli: group event types with seats', () => {
  it('event-types create --kind group --seats 5 sends kind and seats', async () => {
    const api = fakeApi({ 'POST /api/event-types': { id: 'e1', slug: 'yoga', title: 'Yoga', durationMinutes: 60, kind: 'group', seats: 5 } });
    await runWith(EventTypesCreate, ['--slug', 'yoga', '--title', 'Yoga', '--duration', '60', '--kind', 'group', '--seats', '5'], api);
    expect(api.calls[0]!.body).to.include({ kind: 'group', seats: 5 });
  });

  it('refuses --seats 0 with exit 2 naming the flag', async () => {
    const { exit, message } = await parseError(EventTypesCreate, ['--seats', '0']);
    expect(exit).to.equal(2);
    expect(message).to.include('--seats');
  });

  it('slots shows seats left per session and lists full sessions apart', async () => {
    const open = { start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', seatsTotal: 5, seatsLeft: 3 };
    const full = { start: '2026-12-01T11:00:00Z', end: '2026-12-01T12:00:00Z', seatsTotal: 5, seatsLeft: 0 };
    const api = fakeApi({ 'GET /api/availability': { slots: [open], full: [full] } });
    const { stdout, result } = await runWith(Slots, ['ada/yoga', '--from', '2026-12-01', '--to', '2026-12-01', '--tz', 'UTC'], api);
    expect(stdout).to.include('09:00 (3/5 left)');
    expect(stdout).to.match(/Full .*waitlist[\s\S]*11:00 \(0\/5 left\)/);
    expect(result).to.deep.equal({ timezone: 'UTC', from: '2026-12-01', to: '2026-12-01', slots: [open], full: [full] });
  });
});
