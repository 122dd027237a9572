import { Flags } from '@oclif/core';
import { BaseCommand } from '../../baseCommand.js';
import { CliError, missingValue } from '../../errors.js';
import { EXIT } from '../../exitCodes.js';
import { readAllInput } from '../../input.js';
import { openLocalDatabase } from '../../localDatabase.js';
import { askInput, askPassword } from '../../prompts.js';

export interface AdminCreateResult {
  id: string;
  email: string;
  username: string;
  name: string;
  role: string;
  timezone: string;
}

export default class AdminCreate extends BaseCommand<typeof AdminCreate> {
  static override summary = 'Create an administrator account, directly in the database.';
  static override description = 'Runs on the server machine (stop the server first when it uses the embedded database). Asks for what is missing in a terminal; scripts pass the password on stdin.';
  static override examples = ['<%= config.bin %> admin create', 'echo "$ADMIN_PASSWORD" | <%= config.bin %> admin create --email ops@example.com --name Ops --password-stdin --json'];
  static override flags = {
    email: Flags.string({ description: 'Email address.' }),
    name: Flags.string({ description: 'Display name.' }),
    username: Flags.string({ description: 'Username (default: from the email).' }),
    timezone: Flags.string({ description: 'IANA time zone (default: UTC).' }),
    'password-stdin': Flags.boolean({ description: 'Read the password from stdin.' }),
  };

  async run(): Promise<AdminCreateResult> {
    const email = await this.need(this.flags.email, '--email', () => askInput('Email'), 'the email');
    const name = await this.need(this.flags.name, '--name', () => askInput('Name'), 'the name');
    let password: string;
    if (this.flags['password-stdin']) password = (await readAllInput()).replace(/\r?\n$/, '');
    else if (this.canPrompt()) {
      password = await askPassword('Password (at least 10 characters)');
      if ((await askPassword('Same password again')) !== password) throw new CliError('The passwords differ', { exit: EXIT.usage, code: 'password_mismatch' });
    } else throw missingValue('--password-stdin', 'the password');

    const { config, database } = await openLocalDatabase();
    try {
      const [{ migrateLatest }, { authServiceConfig, createAuthService }, { systemClock }, { DomainError }] = await Promise.all([
        import('../../../core/db/migrate.js'),
        import('../../../core/auth/service.js'),
        import('../../../core/clock.js'),
        import('../../../core/errors.js'),
      ]);
      await migrateLatest(database.knex);
      const auth = createAuthService({ db: database.knex, clock: systemClock, config: authServiceConfig(config, 'not-used-to-create-accounts-000000') });
      try {
        const user = await auth.createAdmin({ email, name, password, ...(this.flags.username ? { username: this.flags.username } : {}), ...(this.flags.timezone ? { timezone: this.flags.timezone } : {}) });
        this.log(`Created admin ${user.username} <${user.email}>.`);
        return { id: user.id, email: user.email, username: user.username, name: user.name, role: user.role, timezone: user.timezone };
      } catch (error) {
        if (error instanceof DomainError) {
          // A taken email or username conflicts with an existing account; anything else is a bad value.
          const exit = error.code.endsWith('_taken') ? EXIT.conflict : EXIT.usage;
          // Named by the flag that gave the value, as every command does.
          const flag = (field: string) => (field === 'password' ? '--password-stdin' : `--${field}`);
          throw new CliError(error.message, { exit, code: error.code, lines: error.errors.map((e) => `  ${flag(e.field)}: ${e.message}`) });
        }
        throw error;
      }
    } finally {
      await database.close();
    }
  }
}
