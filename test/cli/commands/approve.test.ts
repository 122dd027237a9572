import { expect } from 'chai';
import Approve from '../../../cli/commands/approve.js';
import { fakeApi, runWith } from './harness.js';
import { itTakesAMeetingId, meeting } from './fixtures.js';

describe('cli/commands/approve', () => {
  describe('parse', () => itTakesAMeetingId(Approve));

  describe('run', () => {
    it('POSTs approve for the id and says it is approved', async () => {
      const api = fakeApi({ 'POST /api/meetings/9b2c5f0e/approve': meeting() });
      const { stdout } = await runWith(Approve, ['9b2c5f0e', '--tz', 'UTC'], api);
      expect(api.calls.map((c) => `${c.method} ${c.path}`)).to.deep.equal(['POST /api/meetings/9b2c5f0e/approve']);
      expect(stdout).to.match(/^Approved:/);
    });
  });
});
