import { expect } from 'chai';
import HoursSet from '../../../../cli/commands/hours/set.js';
import { type Call, fakeApi, parseArgv, parseError, runWith } from '../harness.js';

const current = {
  timezone: 'UTC',
  weekly: [{ day: 'mon', start: '09:00', end: '17:00' }],
  overrides: [{ date: '2026-12-24', intervals: [] }],
};

describe('cli/commands/hours/set', () => {
  describe('parse', () => {
    it('collects repeatable --off and --date', async () => {
      const { flags } = await parseArgv(HoursSet, [
        '--off',
        '2026-12-24',
        '--off',
        '2026-12-31',
        '--date',
        '2026-12-30=10:00-12:00',
      ]);
      expect(flags.off).to.deep.equal(['2026-12-24', '2026-12-31']);
      expect(flags.date).to.deep.equal(['2026-12-30=10:00-12:00']);
    });
    it('refuses --mon without a value with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(HoursSet, ['--mon']);
      expect(exit).to.equal(2);
      expect(message).to.include('--mon');
    });
  });

  describe('run', () => {
    it('changes only what the flags name and PUTs the whole schedule', async () => {
      const api = fakeApi({
        'GET /api/availability/schedule': current,
        'PUT /api/availability/schedule': (call: Call) => call.body,
      });
      await runWith(
        HoursSet,
        ['--tue', '10:00-12:00,13:00-15:00', '--clear', '2026-12-24', '--off', '2026-12-31', '--zone', 'Europe/Berlin'],
        api,
      );
      const put = api.calls[1]!.body as typeof current;
      expect(put.timezone).to.equal('Europe/Berlin');
      expect(put.weekly).to.deep.include({ day: 'mon', start: '09:00', end: '17:00' });
      expect(put.weekly.filter((r) => r.day === 'tue')).to.deep.equal([
        { day: 'tue', start: '10:00', end: '12:00' },
        { day: 'tue', start: '13:00', end: '15:00' },
      ]);
      expect(put.overrides).to.deep.equal([{ date: '2026-12-31', intervals: [] }]);
    });
    it('with nothing to change and no terminal, exits 2 without saving', async () => {
      const api = fakeApi({ 'GET /api/availability/schedule': current });
      const error = await runWith(HoursSet, [], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(api.calls.map((c) => c.method)).to.deep.equal(['GET']);
    });
    it('refuses a malformed --off date with exit 2 naming the flag', async () => {
      const api = fakeApi({ 'GET /api/availability/schedule': current });
      const error = await runWith(HoursSet, ['--off', '24.12.2026'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--off');
    });
    it('refuses a date not in the calendar, naming the flag, before asking the server', async () => {
      const api = fakeApi({ 'GET /api/availability/schedule': current });
      const error = await runWith(HoursSet, ['--off', '2026-13-45'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.equal('--off: 2026-13-45 is not a date in the calendar; use YYYY-MM-DD, e.g. 2026-12-24');
      expect(api.calls.map((c) => c.method)).to.deep.equal(['GET']);
    });
    it('refuses --date without hours instead of making the day off', async () => {
      const api = fakeApi({ 'GET /api/availability/schedule': current });
      const error = await runWith(HoursSet, ['--date', '2026-12-31'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--date: give the hours after "="').and.include('--off 2026-12-31');
      expect(api.calls.map((c) => c.method)).to.deep.equal(['GET']);
    });
  });
});
