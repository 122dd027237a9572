import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';

export default class DomainsRemove extends ApiCommand<typeof DomainsRemove> {
  static override summary = 'Remove a custom domain.';
  static override examples = ['<%= config.bin %> domains remove book.example.com'];
  static override args = { domain: Args.string({ required: true }) };

  async run(): Promise<{ removed: string }> {
    await this.spin('Removing', this.client.delete(`/api/domains/${encodeURIComponent(this.args.domain)}`));
    this.log(`Removed ${this.args.domain}.`);
    return { removed: this.args.domain };
  }
}
