import { expect } from 'chai';
import Show from '../../../cli/commands/show.js';
import { fakeApi, runWith } from './harness.js';
import { itTakesAMeetingId, meeting } from './fixtures.js';

describe('cli/commands/show', () => {
  describe('parse', () => itTakesAMeetingId(Show));

  describe('run', () => {
    it('GETs the meeting by its encoded id and prints it in the --tz zone', async () => {
      const api = fakeApi({ 'GET /api/meetings/9b2c%2F5f0e': meeting() });
      const { result, stdout } = await runWith(Show, ['9b2c/5f0e', '--tz', 'Asia/Tokyo'], api);
      expect(api.calls).to.have.length(1);
      expect(result).to.deep.include({ status: 'scheduled' });
      expect(stdout).to.include('18:00');
    });
    it('says why the host has the meeting (assignmentReason), as the README promises', async () => {
      const api = fakeApi({ 'GET /api/meetings/m1': { ...meeting(), assignmentReason: 'assigned to ben by ada: speaks French' } });
      const { stdout } = await runWith(Show, ['m1', '--tz', 'UTC'], api);
      expect(stdout).to.match(/assigned\s+assigned to ben by ada: speaks French/);
    });
  });
});
