import { expect } from 'chai';
import Reschedule from '../../../cli/commands/reschedule.js';
import { fakeApi, parseArgv, parseError, runWith } from './harness.js';
import { meeting } from './fixtures.js';

describe('cli/commands/reschedule', () => {
  describe('parse', () => {
    it('reads the id and --to', async () => {
      const { args, flags } = await parseArgv(Reschedule, ['9b2c5f0e', '--to', 'friday 10am']);
      expect(args.id).to.equal('9b2c5f0e');
      expect(flags.to).to.equal('friday 10am');
    });
    it('refuses --to without a value with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(Reschedule, ['9b2c5f0e', '--to']);
      expect(exit).to.equal(2);
      expect(message).to.include('--to');
    });
  });

  describe('run', () => {
    it('reads an ISO --to in the --tz zone and POSTs the UTC start, without asking the parser', async () => {
      const api = fakeApi({ 'POST /api/meetings/9b2c5f0e/reschedule': meeting() });
      await runWith(Reschedule, ['9b2c5f0e', '--to', '2026-12-01T10:00', '--tz', 'Europe/Berlin'], api);
      expect(api.calls.map((c) => c.path)).to.deep.equal(['/api/meetings/9b2c5f0e/reschedule']);
      expect(api.calls[0]!.body).to.deep.equal({ start: '2026-12-01T09:00:00Z', timezone: 'Europe/Berlin' });
    });
    it('sends its zone, so a refused time names the nearest free times in --tz', async () => {
      const api = fakeApi({ 'POST /api/meetings/9b2c5f0e/reschedule': meeting() });
      await runWith(Reschedule, ['9b2c5f0e', '--to', '2026-12-01T10:07', '--tz', 'Asia/Kolkata'], api);
      expect(api.calls[0]!.body).to.deep.equal({ start: '2026-12-01T04:37:00Z', timezone: 'Asia/Kolkata' });
    });
    it('reads plain English through POST /api/parse', async () => {
      const api = fakeApi({
        'POST /api/parse': { start: '2026-12-04T10:00:00+01:00', ambiguities: [] },
        'POST /api/meetings/9b2c5f0e/reschedule': meeting(),
      });
      await runWith(Reschedule, ['9b2c5f0e', '--to', 'friday 10am', '--tz', 'Europe/Berlin'], api);
      expect(api.calls[0]!.body).to.deep.equal({ text: 'friday 10am', timezone: 'Europe/Berlin' });
      expect(api.calls[1]!.body).to.deep.equal({ start: '2026-12-04T09:00:00Z', timezone: 'Europe/Berlin' });
    });
    it('without --to and no terminal, exits 2 naming --to before calling the API', async () => {
      const api = fakeApi({});
      const error = await runWith(Reschedule, ['9b2c5f0e', '--tz', 'UTC'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--to');
      expect(api.calls).to.deep.equal([]);
    });
  });
});
