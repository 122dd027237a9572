import { expect } from 'chai';
import TokensCreate from '../../../../cli/commands/tokens/create.js';
import { fakeApi, parseArgv, parseError, runWith } from '../harness.js';

const created = {
  id: 't1',
  name: 'ci',
  prefix: 'yava_pat_ab',
  createdAt: '2026-11-30T10:00:00Z',
  lastUsedAt: null,
  expiresAt: '2026-12-30T10:00:00Z',
  token: 'yava_pat_secret',
};

describe('cli/commands/tokens/create', () => {
  describe('parse', () => {
    it('reads the name, --expires-in-days and --password-stdin', async () => {
      const { args, flags } = await parseArgv(TokensCreate, ['ci', '--expires-in-days', '30', '--password-stdin']);
      expect(args.name).to.equal('ci');
      expect(flags['expires-in-days']).to.equal(30);
      expect(flags['password-stdin']).to.equal(true);
    });
    it('refuses a missing name with exit 2', async () => {
      expect((await parseError(TokensCreate, [])).exit).to.equal(2);
    });
    it('refuses --expires-in-days 0 with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(TokensCreate, ['ci', '--expires-in-days', '0']);
      expect(exit).to.equal(2);
      expect(message).to.include('--expires-in-days');
    });
  });

  describe('run', () => {
    it('sends the password read from stdin (without its newline) and prints the token once', async () => {
      const api = fakeApi({ 'POST /api/tokens': created });
      const { stdout } = await runWith(
        TokensCreate,
        ['ci', '--password-stdin', '--expires-in-days', '30'],
        api,
        'hunter2 pass\n',
      );
      expect(api.calls[0]!.body).to.deep.equal({ name: 'ci', password: 'hunter2 pass', expiresInDays: 30 });
      expect(stdout.split('yava_pat_secret')).to.have.length(2);
    });
    it('without --password-stdin and no terminal, exits 2 naming the flag and sends nothing', async () => {
      const api = fakeApi({});
      const error = await runWith(TokensCreate, ['ci'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--password-stdin');
      expect(api.calls).to.deep.equal([]);
    });
  });
});
