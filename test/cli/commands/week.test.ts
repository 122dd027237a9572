import { expect } from 'chai';
import Week from '../../../cli/commands/week.js';
import { fakeApi, parseArgv, parseError, runWith } from './harness.js';
import { meeting } from './fixtures.js';

describe('cli/commands/week', () => {
  describe('parse', () => {
    it('reads --date', async () => {
      expect((await parseArgv(Week, ['--date', '2026-12-03'])).flags.date).to.equal('2026-12-03');
    });
    it('refuses a positional argument with exit 2', async () => {
      expect((await parseError(Week, ['2026-12-03'])).exit).to.equal(2);
    });
  });

  describe('run', () => {
    it('shows Monday to Sunday of the week of --date, without canceled meetings', async () => {
      const api = fakeApi({
        'GET /api/meetings': (call: { query?: Record<string, unknown> }) => ({
          meetings:
            call.query?.scope === 'upcoming' ? [meeting({ id: 'a' }), meeting({ id: 'b', status: 'canceled' })] : [],
          nextCursor: null,
        }),
      });
      const { result, stdout } = await runWith<{
        weekStart: string;
        days: Array<{ date: string; meetings: Array<{ id: string }> }>;
      }>(Week, ['--date', '2026-12-03', '--tz', 'UTC'], api);
      expect(result.weekStart).to.equal('2026-11-30');
      expect(result.days.map((d) => d.meetings.map((m) => m.id))).to.deep.equal([[], ['a'], [], [], [], [], []]);
      expect(api.calls[0]!.query).to.include({ from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' });
      expect(stdout).to.include('1 meeting this week');
    });
    it('refuses a malformed --date with exit 2 naming it', async () => {
      const error = await runWith(Week, ['--date', 'someday', '--tz', 'UTC'], fakeApi({})).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--date');
    });
  });
});
