import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import type { PersonalToken } from '../../types.js';

export default class TokensCreate extends ApiCommand<typeof TokensCreate> {
  static override summary = 'Create a personal access token (shown once).';
  static override examples = ['<%= config.bin %> tokens create "CI deploys" --expires-in-days 90', '<%= config.bin %> tokens create slack-bot --json'];
  static override args = { name: Args.string({ description: 'A name to recognise the token by.', required: true }) };
  static override flags = { 'expires-in-days': Flags.integer({ description: 'Expire after this many days (default: never).', min: 1, max: 3650 }) };

  async run(): Promise<PersonalToken & { token: string }> {
    const created = await this.spin(
      'Creating the token',
      this.client.post<PersonalToken & { token: string }>('/api/tokens', { name: this.args.name, ...(this.flags['expires-in-days'] ? { expiresInDays: this.flags['expires-in-days'] } : {}) }),
    );
    this.log(`Created token "${created.name}" (${created.id}). Copy it now; it is not shown again:`);
    this.log(created.token);
    return created;
  }
}
