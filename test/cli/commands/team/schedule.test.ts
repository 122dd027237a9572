import { expect } from 'chai';
import TeamSchedule from '../../../../cli/commands/team/schedule.js';
import { fakeApi, parseArgv, parseError, runWith } from '../harness.js';

describe('cli/commands/team/schedule', () => {
  describe('parse', () => {
    it('takes the team slug and --week', async () => {
      const { args, flags } = await parseArgv(TeamSchedule, ['sales', '--week']);
      expect(args.slug).to.equal('sales');
      expect(flags.week).to.equal(true);
    });
    it('refuses a missing slug with exit 2', async () => {
      expect((await parseError(TeamSchedule, [])).exit).to.equal(2);
    });
  });

  describe('run', () => {
    const answer = {
      team: 'sales', timezone: 'UTC', from: '2026-12-01', to: '2026-12-07',
      members: [
        { username: 'alice', name: 'Alice', role: 'admin', timezone: 'UTC', load: { meetings: 1, busyMinutes: 30 }, bookings: [{ id: '9b2c41d0-0000-4000-8000-000000000000', title: 'Intro', status: 'scheduled', start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z', eventType: 'intro', assignmentReason: null }], free: [{ start: '2026-12-01T09:30:00Z', end: '2026-12-01T17:00:00Z' }] },
        { username: 'gus', name: 'Gus', role: 'guest', timezone: 'UTC', load: { meetings: 0, busyMinutes: 0 }, bookings: [], free: [] },
      ],
    };
    it('asks for one day by default, seven with --week, and prints each member', async () => {
      const api = fakeApi({ 'GET /api/teams/sales/schedule': answer });
      await runWith(TeamSchedule, ['sales', '--from', '2026-12-01', '--tz', 'UTC'], api);
      expect(api.calls[0]!.query).to.deep.equal({ from: '2026-12-01', to: '2026-12-01', timezone: 'UTC' });
      const { stdout, result } = await runWith(TeamSchedule, ['sales', '--from', '2026-12-01', '--week', '--tz', 'UTC'], api);
      expect(api.calls[1]!.query).to.deep.equal({ from: '2026-12-01', to: '2026-12-07', timezone: 'UTC' });
      expect(stdout).to.include('alice (admin) · 1 meeting, 30 min busy');
      expect(stdout).to.include('Tue 01 Dec 09:00–09:30  Intro  9b2c41d0');
      expect(stdout).to.include('free: Tue 01 Dec 09:30–17:00');
      expect(stdout).to.include('gus (guest) · 0 meetings');
      expect(result).to.deep.equal(answer);
    });
    it('prints a member\u2019s own meetings (not the team\u2019s) as busy times, in order among the others', async () => {
      const alice = { ...answer.members[0]!, load: { meetings: 3, busyMinutes: 90 }, busy: [{ start: '2026-12-01T08:00:00Z', end: '2026-12-01T08:30:00Z' }, { start: '2026-12-01T11:00:00Z', end: '2026-12-01T11:30:00Z' }] };
      const api = fakeApi({ 'GET /api/teams/sales/schedule': { ...answer, members: [alice] } });
      const { stdout } = await runWith(TeamSchedule, ['sales', '--from', '2026-12-01', '--tz', 'UTC'], api);
      expect(stdout).to.include(['  Tue 01 Dec 08:00–08:30  busy', '  Tue 01 Dec 09:00–09:30  Intro  9b2c41d0', '  Tue 01 Dec 11:00–11:30  busy'].join('\n'));
    });
  });
});
