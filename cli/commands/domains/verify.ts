import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import type { CustomDomain } from './list.js';

export default class DomainsVerify extends ApiCommand<typeof DomainsVerify> {
  static override summary = 'Check a custom domain\u2019s TXT record or HTTP token; once verified it serves your pages.';
  static override examples = ['<%= config.bin %> domains verify book.example.com'];
  static override args = { domain: Args.string({ required: true }) };

  async run(): Promise<CustomDomain> {
    const d = await this.spin('Verifying', this.client.post<CustomDomain>(`/api/domains/${encodeURIComponent(this.args.domain)}/verify`, {}));
    this.log(`${d.domain} is verified: it now serves your booking pages.`);
    return d;
  }
}
