import { expect } from 'chai';
import Requests from '../../../../cli/commands/requests/index.js';
import RequestsApprove from '../../../../cli/commands/requests/approve.js';
import RequestsDecline from '../../../../cli/commands/requests/decline.js';
import Assign from '../../../../cli/commands/assign.js';
import { fakeApi, parseArgv, parseError, runWith } from '../harness.js';

const ID1 = '9b2c41d0-0000-4000-8000-000000000001';
const ID2 = '77aa01ff-0000-4000-8000-000000000002';
const meeting = (id: string, status: string) => ({ id, status, title: 'Intro', start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z', hosts: [{ username: 'bob' }], attendees: [{ email: 'i@x.org' }] });

describe('cli/commands/requests and assign', () => {
  describe('parse', () => {
    it('requests approve takes several ids', async () => {
      expect((await parseArgv(RequestsApprove, ['9b2c41d0', '77aa01ff'])).rest).to.deep.equal(['9b2c41d0', '77aa01ff']);
    });
    it('requests decline without an id exits 2', async () => {
      expect((await parseError(RequestsDecline, [])).exit).to.equal(2);
    });
    it('assign needs an id and a user', async () => {
      expect((await parseError(Assign, ['9b2c41d0'])).exit).to.equal(2);
      const { args, flags } = await parseArgv(Assign, ['9b2c41d0', '@bob', '--reason', 'speaks German']);
      expect(args).to.deep.include({ id: '9b2c41d0', user: '@bob' });
      expect(flags.reason).to.equal('speaks German');
    });
  });

  describe('run', () => {
    it('requests lists the pending queue with its team', async () => {
      const api = fakeApi({ 'GET /api/requests/pending': { requests: [{ ...meeting(ID1, 'pending'), team: 'sales', mine: false }] } });
      const { stdout } = await runWith(Requests, ['--tz', 'UTC'], api);
      expect(stdout).to.match(/9b2c41d0\s+Tue 01 Dec 2026 09:00–09:30\s+Intro\s+bob\s+sales\s+i@x.org/);
    });
    it('requests says so when nothing waits', async () => {
      const { stdout } = await runWith(Requests, [], fakeApi({ 'GET /api/requests/pending': { requests: [] } }));
      expect(stdout).to.include('No requests waiting for approval.');
    });
    it('requests approve sends the ids and reports each one', async () => {
      const api = fakeApi({
        'POST /api/requests/pending/approve': { results: [{ id: ID1, ok: true, meeting: meeting(ID1, 'scheduled') }, { id: ID2, ok: false, error: { code: 'slot_unavailable', message: 'That time was just taken' } }], succeeded: 1, failed: 1 },
      });
      const { stdout, command } = await runWith(RequestsApprove, [ID1, ID2, ID1], api);
      expect(api.calls[0]!.body).to.deep.equal({ ids: [ID1, ID2] });
      // One refused: the report prints, then the process exits 1 (applied by finally()).
      expect(command.exitCodeAfterRun).to.equal(1);
      const before = process.exitCode;
      try {
        await command.finally(undefined);
        expect(process.exitCode).to.equal(1);
      } finally {
        process.exitCode = before;
      }
      expect(stdout).to.include('✔ 9b2c41d0 approved');
      expect(stdout).to.include('✘ 77aa01ff slot_unavailable: That time was just taken');
      expect(stdout).to.include('1 approved, 1 failed');
    });
    it('requests decline sends the reason', async () => {
      const api = fakeApi({ 'POST /api/requests/pending/decline': { results: [{ id: ID1, ok: true, meeting: meeting(ID1, 'rejected') }], succeeded: 1, failed: 0 } });
      const { command } = await runWith(RequestsDecline, [ID1, '--reason', 'Full'], api);
      expect(api.calls[0]!.body).to.deep.equal({ ids: [ID1], reason: 'Full' });
      expect(command.exitCodeAfterRun).to.equal(undefined);
    });
    it('assign posts the username and reason to the meeting', async () => {
      const api = fakeApi({ 'POST /api/meetings/9b2c41d0/assign': meeting(ID1, 'scheduled') });
      const { stdout } = await runWith(Assign, ['9b2c41d0', '@bob', '--reason', 'speaks German', '--tz', 'UTC'], api);
      expect(api.calls[0]!.body).to.deep.equal({ username: 'bob', reason: 'speaks German' });
      expect(stdout).to.include('Assigned to bob:');
    });
  });
});
