import { expect } from 'chai';
import Decline from '../../../cli/commands/decline.js';
import { fakeApi, runWith } from './harness.js';
import { itTakesAMeetingId, meeting } from './fixtures.js';

describe('cli/commands/decline', () => {
  describe('parse', () => itTakesAMeetingId(Decline));

  describe('run', () => {
    it('POSTs decline for the id', async () => {
      const api = fakeApi({ 'POST /api/meetings/9b2c5f0e/decline': meeting({ status: 'rejected' }) });
      const { result } = await runWith(Decline, ['9b2c5f0e', '--tz', 'UTC'], api);
      expect(api.calls.map((c) => `${c.method} ${c.path}`)).to.deep.equal(['POST /api/meetings/9b2c5f0e/decline']);
      expect(result).to.deep.include({ status: 'rejected' });
    });
  });
});
