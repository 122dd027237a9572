import { expect } from 'chai';
import EventTypesLeave from '../../../../cli/commands/event-types/leave.js';
import { EXIT } from '../../../../cli/exitCodes.js';
import { fakeApi, parseError, reportedError, runWith } from '../harness.js';

const pairing = { id: '3f1c0000-0000-4000-8000-000000000001', slug: 'pairing', title: 'Pairing', kind: 'collective', durationMinutes: 30, owner: { username: 'ada', name: 'Ada Lovelace' } };

describe('cli/commands/event-types/leave', () => {
  it('parse: refuses a missing event type with exit 2', async () => {
    expect((await parseError(EventTypesLeave, [])).exit).to.equal(2);
  });

  for (const ref of ['ada/pairing', '@Ada/Pairing', pairing.id]) {
    it(`run: finds the co-hosted event type by ${ref} and leaves it, saying the owner cannot ask again for 7 days`, async () => {
      const api = fakeApi({ 'GET /api/event-types/co-hosted': { eventTypes: [pairing] }, [`POST /api/event-types/${pairing.id}/leave`]: undefined });
      const { result, stdout } = await runWith(EventTypesLeave, [ref], api);
      expect(api.calls[1]).to.include({ method: 'POST', path: `/api/event-types/${pairing.id}/leave` });
      expect(result).to.deep.equal({ id: pairing.id, eventType: 'ada/pairing', left: true });
      expect(stdout).to.include('You no longer host ada/pairing; Ada Lovelace is told. Meetings already booked with you stay.');
      expect(stdout).to.include('Ada Lovelace cannot invite you to host it again for 7 days.');
    });
  }

  it('run: an event type you do not host exits with the not-found code before leaving anything', async () => {
    const api = fakeApi({ 'GET /api/event-types/co-hosted': { eventTypes: [pairing] } });
    const { message, exit } = await reportedError(EventTypesLeave, ['bob/pairing'], api);
    expect(exit).to.equal(EXIT.notFound);
    expect(message).to.include('You host no event type "bob/pairing" of someone else');
    expect(api.calls.map((c) => c.method)).to.deep.equal(['GET']);
  });
});
