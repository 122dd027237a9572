import { expect } from 'chai';
import Login from '../../../cli/commands/login.js';
import { parseArgv, parseError } from './harness.js';

// Login builds its own clients (it is what stores the token); its runs are tested against a server in test/cli/auth.test.ts.
describe('cli/commands/login', () => {
  it('parse: reads --email, --token and --password-stdin', async () => {
    const { flags } = await parseArgv(Login, [
      '--email',
      'ada@example.com',
      '--password-stdin',
      '--server',
      'http://127.0.0.1:1',
    ]);
    expect(flags).to.include({ email: 'ada@example.com', 'password-stdin': true, server: 'http://127.0.0.1:1' });
    expect((await parseArgv(Login, ['--token', 'yava_pat_x'])).flags.token).to.equal('yava_pat_x');
  });
  it('parse: refuses --email without a value with exit 2 naming it', async () => {
    const { exit, message } = await parseError(Login, ['--email']);
    expect(exit).to.equal(2);
    expect(message).to.include('--email');
  });
  it('parse: refuses an unknown flag with exit 2 naming it', async () => {
    const { exit, message } = await parseError(Login, ['--password', 'x']);
    expect(exit).to.equal(2);
    expect(message).to.include('--password');
  });
});
