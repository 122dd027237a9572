import { expect } from 'chai';
import EventTypesDecline from '../../../../cli/commands/event-types/decline.js';
import { fakeApi, parseError, runWith } from '../harness.js';

describe('cli/commands/event-types/decline', () => {
  it('parse: refuses a missing invitation id with exit 2', async () => {
    expect((await parseError(EventTypesDecline, [])).exit).to.equal(2);
  });

  it('run: declines the invitation and says the owner is told', async () => {
    const declined = { id: 'i-1', status: 'declined', eventType: { id: 'e1', slug: 'pairing', title: 'Pairing', kind: 'collective', durationMinutes: 30, owner: { username: 'ada', name: 'Ada Lovelace' } }, createdAt: '2026-11-24T10:00:00.000Z' };
    const api = fakeApi({ 'POST /api/event-types/host-invitations/i-1/decline': declined });
    const { result, stdout } = await runWith(EventTypesDecline, ['i-1'], api);
    expect(api.calls[0]).to.include({ method: 'POST', path: '/api/event-types/host-invitations/i-1/decline' });
    expect(result).to.deep.equal(declined);
    expect(stdout).to.include('Declined to host ada/pairing ("Pairing"); Ada Lovelace is told.');
  });
});
