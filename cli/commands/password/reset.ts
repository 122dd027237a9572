import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { CliError, missingValue } from '../../errors.js';
import { EXIT } from '../../exitCodes.js';
import { readAllInput } from '../../input.js';
import { askInput, askPassword } from '../../prompts.js';

export interface PasswordResetResult {
  /** 'sent': a code was asked for by e-mail; 'reset': the new password is set. */
  step: 'sent' | 'reset';
  email?: string;
}

export default class PasswordReset extends ApiCommand<typeof PasswordReset> {
  static override summary = 'Reset a forgotten password with a code sent by e-mail.';
  static override description =
    'Without --token, asks the server to e-mail a reset code to the address (the answer is the same whether or not an account has it). In a terminal it then asks for the code and the new password; in a script, run it again with --token and --password-stdin. Resetting signs the account out everywhere.';
  static override examples = [
    '<%= config.bin %> password reset',
    '<%= config.bin %> password reset --email me@example.com',
    'echo "$NEW_PASSWORD" | <%= config.bin %> password reset --token yava_pr_… --password-stdin',
  ];
  static override flags = {
    email: Flags.string({ description: 'The account email to send a reset code to.' }),
    token: Flags.string({ description: 'The reset code from the e-mail (yava_pr_…).' }),
    'password-stdin': Flags.boolean({ description: 'Read the new password from stdin (for scripts).' }),
  };

  async run(): Promise<PasswordResetResult> {
    let token = this.flags.token;
    let email: string | undefined;
    if (!token) {
      email = await this.need(this.flags.email, '--email', () => askInput('Email'), 'the account email (or --token with the code from the e-mail)');
      const answer = await this.spin('Asking for a reset code', this.client.request<{ message: string }>('POST', '/api/auth/password-reset', { auth: false, body: { email } }));
      this.log(answer.message);
      if (!this.canPrompt() || this.flags['password-stdin']) {
        this.log('Then run: yava password reset --token <code> --password-stdin');
        return { step: 'sent', email };
      }
      token = (await askInput('Code from the e-mail (yava_pr_…)')).trim();
    }
    const password = await this.newPassword();
    await this.spin('Setting the new password', this.client.request('POST', '/api/auth/password-reset/confirm', { auth: false, body: { token, password } }));
    this.log('Password changed; every session was signed out. Log in again with `yava login`.');
    return { step: 'reset', ...(email ? { email } : {}) };
  }

  private async newPassword(): Promise<string> {
    if (this.flags['password-stdin']) return (await readAllInput()).replace(/\r?\n$/, '');
    if (!this.canPrompt()) throw missingValue('--password-stdin', 'the new password');
    const password = await askPassword('New password (at least 10 characters)');
    if ((await askPassword('Same password again')) !== password) throw new CliError('The passwords differ', { exit: EXIT.usage, code: 'password_mismatch' });
    return password;
  }
}
