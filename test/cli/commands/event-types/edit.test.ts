import { expect } from 'chai';
import EventTypesEdit from '../../../../cli/commands/event-types/edit.js';
import { fakeApi, parseError, runWith } from '../harness.js';

describe('cli/commands/event-types/edit', () => {
  it('parse: refuses a missing event type with exit 2', async () => {
    expect((await parseError(EventTypesEdit, ['--duration', '45'])).exit).to.equal(2);
  });
  it('run: finds the event type by slug and PATCHes only the flags given', async () => {
    const api = fakeApi({
      'GET /api/event-types': {
        eventTypes: [
          { id: 'e1', slug: 'intro' },
          { id: 'e2', slug: 'deep' },
        ],
      },
      'PATCH /api/event-types/e1': { id: 'e1', slug: 'intro' },
    });
    await runWith(EventTypesEdit, ['Intro', '--duration', '45', '--no-approval'], api);
    expect(api.calls[1]).to.deep.equal({
      method: 'PATCH',
      path: '/api/event-types/e1',
      body: { durationMinutes: 45, requiresApproval: false },
    });
  });
  it('run: says whom a new --hosts list asked to host', async () => {
    const api = fakeApi({
      'GET /api/event-types': { eventTypes: [{ id: 'e1', slug: 'desk' }] },
      'PATCH /api/event-types/e1': { id: 'e1', slug: 'desk', kind: 'round_robin', hosts: ['ada'], pendingHosts: ['bob'] },
    });
    const { stdout } = await runWith(EventTypesEdit, ['desk', '--hosts', 'ada,bob'], api);
    expect(api.calls[1]!.body).to.deep.equal({ hosts: ['ada', 'bob'] });
    expect(stdout).to.include('Asked bob to host it: they host once they accept (until then they take none of its bookings).');
  });
  it('run: with no flags, exits 2 before calling the API', async () => {
    const api = fakeApi({});
    const error = await runWith(EventTypesEdit, ['intro'], api).catch((e) => e);
    expect(error.exitCode).to.equal(2);
    expect(api.calls).to.deep.equal([]);
  });
});
