import { expect } from 'chai';
import Mail from '../../../cli/commands/mail.js';
import { loadCliConfig } from '../helpers.js';
import { ApiError } from '../../../cli/errors.js';
import { fakeApi, parseArgv, parseError, reportedError } from './harness.js';

describe('cli/commands/mail', () => {
  describe('parse', () => {
    it('reads a message id as an integer', async () => {
      expect((await parseArgv(Mail, ['3'])).args.id).to.equal(3);
    });
    it('refuses an id that is not an integer with exit 2 naming the argument, not as an unexpected error', async () => {
      const { exit, message } = await parseError(Mail, ['abc']);
      expect(exit).to.equal(2);
      expect(message).to.equal('<id> "abc": expected an integer');
    });
    it('reports that refusal as a usage error (exit 2), as the command\'s catch ends it', async () => {
      const cmd = new Mail(['abc'], await loadCliConfig());
      const refused = await cmd.init().then(() => expect.fail('expected a refusal'), (e: Error) => e);
      const write = process.stderr.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      const reported = await cmd.catch(refused).then(() => expect.fail('expected a rethrow'), (e: Error & { exitCode?: number }) => e).finally(() => {
        process.stderr.write = write;
      });
      expect(reported.exitCode).to.equal(2);
      expect(reported.message).not.to.include('Unexpected error');
    });
  });

  describe('run', () => {
    it('--all as a non-admin: the refusal names --all, not the API\'s "all"', async () => {
      const refused = new ApiError({ status: 403, code: 'forbidden', detail: 'Only admins can read everyone\'s mail; leave out "all"', errors: [{ field: 'all', message: 'only admins can read everyone\'s mail; leave it out' }] });
      const api = fakeApi({
        'GET /api/mail': () => {
          throw refused;
        },
      });
      const { message } = await reportedError(Mail, ['--all'], api);
      expect(message).to.equal('--all: only admins can read everyone\'s mail; leave it out');
    });
  });
});
