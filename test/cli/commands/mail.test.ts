import { expect } from 'chai';
import Mail from '../../../cli/commands/mail.js';
import { loadCliConfig } from '../helpers.js';
import { ApiError } from '../../../cli/errors.js';
import { fakeApi, parseArgv, parseError, reportedError, runWith } from './harness.js';

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

    it('an unconfirmed account with no mail is told why and how to read its confirmation link', async () => {
      const api = fakeApi({ 'GET /api/mail': () => ({ transport: 'dev_mailbox', emailVerified: false, messages: [] }) });
      const { stdout } = await runWith(Mail, [], api);
      expect(stdout).to.include('No mail you can read yet');
      expect(stdout).to.include('once your address is confirmed');
      expect(stdout).to.include('yava mail --all');
    });

    it('an unconfirmed account asking for a message is told why it cannot read it (exit 4)', async () => {
      const api = fakeApi({ 'GET /api/mail': () => ({ transport: 'dev_mailbox', emailVerified: false, messages: [] }) });
      const { message, exit } = await reportedError(Mail, ['1'], api);
      expect(exit).to.equal(4);
      expect(message).to.match(/^No message 1 you can read\. The dev mailbox shows your mail once your address is confirmed/);
    });

    it('a confirmed account with no mail reads a plain "No mail."', async () => {
      const api = fakeApi({ 'GET /api/mail': () => ({ transport: 'dev_mailbox', emailVerified: true, messages: [] }) });
      expect((await runWith(Mail, [], api)).stdout.trim()).to.equal('No mail.');
    });
  });
});
