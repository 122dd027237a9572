import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { missingValue } from '../../errors.js';
import { readAllInput } from '../../input.js';
import { askPassword } from '../../prompts.js';
import type { PersonalToken } from '../../types.js';

export default class TokensCreate extends ApiCommand<typeof TokensCreate> {
  static override summary = 'Create a personal access token (shown once).';
  static override description = 'Creating a token needs your password again (asked in a terminal; --password-stdin in scripts). Tokens expire after 90 days unless --expires-in-days says otherwise.';
  static override examples = [
    '<%= config.bin %> tokens create "CI deploys" --expires-in-days 30',
    'echo "$PASSWORD" | <%= config.bin %> tokens create slack-bot --password-stdin --json',
  ];
  static override fieldNames = { name: 'the token name' };
  static override args = { name: Args.string({ description: 'A name to recognise the token by.', required: true }) };
  static override flags = {
    'expires-in-days': Flags.integer({ description: 'Expire after this many days (default: 90).', min: 1, max: 3650 }),
    'password-stdin': Flags.boolean({ description: 'Read your password from stdin (for scripts).' }),
  };

  async run(): Promise<PersonalToken & { token: string }> {
    let password: string;
    if (this.flags['password-stdin']) password = (await readAllInput()).replace(/\r?\n$/, '');
    else if (this.canPrompt()) password = await askPassword('Your password (to create a token)');
    else throw missingValue('--password-stdin', 'your password (creating a token needs it again)');
    const created = await this.spin(
      'Creating the token',
      this.client.post<PersonalToken & { token: string }>('/api/tokens', { name: this.args.name, password, ...(this.flags['expires-in-days'] ? { expiresInDays: this.flags['expires-in-days'] } : {}) }),
    );
    this.log(`Created token "${created.name}" (${created.id}), expiring ${created.expiresAt ?? 'never'}. Copy it now; it is not shown again:`);
    this.log(created.token);
    return created;
  }
}
