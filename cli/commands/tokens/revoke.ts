import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';

export default class TokensRevoke extends ApiCommand<typeof TokensRevoke> {
  static override summary = 'Revoke a personal access token.';
  static override examples = ['<%= config.bin %> tokens revoke 3f1c…', '<%= config.bin %> tokens list --json | jq -r ".tokens[0].id" | xargs <%= config.bin %> tokens revoke'];
  // The API names a refused id `id` (its path parameter): say it is this command's argument.
  static override fieldNames = { id: '<id>' };
  static override args = { id: Args.string({ description: 'The token id (from `yava tokens list`).', required: true }) };

  async run(): Promise<{ id: string; revoked: true }> {
    await this.spin('Revoking', this.client.delete(`/api/tokens/${encodeURIComponent(this.args.id)}`));
    this.log(`Revoked token ${this.args.id}.`);
    return { id: this.args.id, revoked: true };
  }
}
