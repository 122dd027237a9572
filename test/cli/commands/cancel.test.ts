import { expect } from 'chai';
import Cancel from '../../../cli/commands/cancel.js';
import { fakeApi, parseArgv, parseError, runWith } from './harness.js';
import { meeting } from './fixtures.js';

describe('cli/commands/cancel', () => {
  describe('parse', () => {
    it('reads the id and --reason', async () => {
      const { args, flags } = await parseArgv(Cancel, ['9b2c5f0e', '--reason', 'Out sick']);
      expect(args.id).to.equal('9b2c5f0e');
      expect(flags.reason).to.equal('Out sick');
    });
    it('refuses --reason without a value with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(Cancel, ['9b2c5f0e', '--reason']);
      expect(exit).to.equal(2);
      expect(message).to.include('--reason');
    });
  });

  describe('run', () => {
    it('POSTs cancel with the reason', async () => {
      const api = fakeApi({ 'POST /api/meetings/9b2c5f0e/cancel': meeting({ status: 'canceled' }) });
      const { stdout } = await runWith(Cancel, ['9b2c5f0e', '--reason', 'Out sick', '--tz', 'UTC'], api);
      expect(api.calls[0]!.body).to.deep.equal({ reason: 'Out sick' });
      expect(stdout).to.match(/^Canceled:/);
    });
    it('sends an empty body without --reason', async () => {
      const api = fakeApi({ 'POST /api/meetings/9b2c5f0e/cancel': meeting({ status: 'canceled' }) });
      await runWith(Cancel, ['9b2c5f0e', '--tz', 'UTC'], api);
      expect(api.calls[0]!.body).to.deep.equal({});
    });
  });
});
