import { expect } from 'chai';
import EventTypesDecline from '../../../../cli/commands/event-types/decline.js';
import { fakeApi, parseError, runWith } from '../harness.js';

describe('cli/commands/event-types/decline', () => {
  it('parse: refuses a missing invitation id with exit 2', async () => {
    expect((await parseError(EventTypesDecline, [])).exit).to.equal(2);
  });

  const declined = { id: 'i-1', status: 'declined', eventType: { id: 'e1', slug: 'pairing', title: 'Pairing', kind: 'collective', durationMinutes: 30, owner: { username: 'ada', name: 'Ada Lovelace' } }, createdAt: '2026-11-24T10:00:00.000Z', reinviteAllowedAt: '2026-12-01T10:00:00.000Z' };

  it('run: declines the invitation, says the owner is told and from when (in your zone) they can ask again; --json carries reinviteAllowedAt', async () => {
    const api = fakeApi({ 'POST /api/event-types/host-invitations/i-1/decline': declined });
    const { result, stdout } = await runWith(EventTypesDecline, ['i-1', '--tz', 'Europe/Berlin'], api);
    expect(api.calls[0]).to.include({ method: 'POST', path: '/api/event-types/host-invitations/i-1/decline' });
    expect(result).to.deep.equal(declined);
    expect(stdout).to.include('Declined to host ada/pairing ("Pairing"); Ada Lovelace is told.');
    expect(stdout).to.include('Ada Lovelace can invite you to host it again from Tue 01 Dec 2026 11:00 (Europe/Berlin).');
  });

  it('run: a server that does not say when still gets the 7-day rule said', async () => {
    const { reinviteAllowedAt: _, ...older } = declined;
    const { stdout } = await runWith(EventTypesDecline, ['i-1'], fakeApi({ 'POST /api/event-types/host-invitations/i-1/decline': older }));
    expect(stdout).to.include('Ada Lovelace cannot invite you to host it again for 7 days.');
  });
});
