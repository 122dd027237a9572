import { expect } from 'chai';
import EventTypesAccept from '../../../../cli/commands/event-types/accept.js';
import { ApiError } from '../../../../cli/errors.js';
import { EXIT } from '../../../../cli/exitCodes.js';
import { fakeApi, parseError, reportedError, runWith } from '../harness.js';

const invitation = (status: string) => ({ id: 'i-1', status, eventType: { id: 'e1', slug: 'pairing', title: 'Pairing', kind: 'collective', durationMinutes: 30, owner: { username: 'ada', name: 'Ada Lovelace' } }, createdAt: '2026-11-24T10:00:00.000Z' });

describe('cli/commands/event-types/accept', () => {
  it('parse: refuses a missing invitation id with exit 2', async () => {
    expect((await parseError(EventTypesAccept, [])).exit).to.equal(2);
  });

  it('run: accepts the invitation and says how to leave later', async () => {
    const api = fakeApi({ 'POST /api/event-types/host-invitations/i-1/accept': invitation('accepted') });
    const { result, stdout } = await runWith(EventTypesAccept, ['i-1'], api);
    expect(api.calls).to.deep.equal([{ method: 'POST', path: '/api/event-types/host-invitations/i-1/accept', body: {} }]);
    expect(result).to.deep.equal(invitation('accepted'));
    expect(stdout).to.include('You now host ada/pairing ("Pairing"); Ada Lovelace is told. To stop later: yava event-types leave ada/pairing');
  });

  it("run: someone else's or an answered invitation exits with the not-found code and the API's words", async () => {
    const api = fakeApi({
      'POST /api/event-types/host-invitations/i-2/accept': () => {
        throw new ApiError({ status: 404, code: 'not_found', title: 'Not Found', detail: 'You have no open invitation "i-2" to host an event type' });
      },
    });
    const { message, exit } = await reportedError(EventTypesAccept, ['i-2'], api);
    expect(exit).to.equal(EXIT.notFound);
    expect(message).to.include('You have no open invitation "i-2"');
  });
});
