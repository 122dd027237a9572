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
    it('draws a meeting that crosses midnight in the zone in its hour on both days it touches', async () => {
      // 23:45–00:15 in Pacific/Chatham (+13:45): Tuesday 1 December 23:00 and Wednesday 2 December 00:00.
      const late = meeting({ id: 'late', start: '2026-12-01T10:00:00Z', end: '2026-12-01T10:30:00Z', title: 'Late' });
      const api = fakeApi({
        'GET /api/meetings': (call: { query?: Record<string, unknown> }) => ({
          meetings: call.query?.scope === 'upcoming' ? [late] : [],
          nextCursor: null,
        }),
      });
      const { stdout } = await runWith(Week, ['--date', '2026-12-03', '--tz', 'Pacific/Chatham'], api);
      const row = (hour: string) => stdout.split('\n').find((line) => line.startsWith(`${hour} `)) ?? '';
      const cells = (line: string) => line.slice(6).match(/.{1,15}/g)!.map((c) => c.trim());
      expect(cells(row('23:00'))[1]).to.equal('23:45 Late');
      expect(cells(row('00:00'))[2]).to.equal('│');
      expect(cells(row('00:00'))[1]).to.equal('·');
      expect(stdout).to.include('1 meeting this week');
    });
    it('refuses a malformed --date with exit 2 naming it', async () => {
      const error = await runWith(Week, ['--date', 'someday', '--tz', 'UTC'], fakeApi({})).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--date');
    });
  });
});
