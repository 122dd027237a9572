import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import type { CustomDomain } from './list.js';

export default class DomainsAdd extends ApiCommand<typeof DomainsAdd> {
  static override summary = 'Add a custom domain for your booking pages, and print how to verify it.';
  static override examples = ['<%= config.bin %> domains add book.example.com'];
  static override args = { domain: Args.string({ description: 'e.g. book.example.com', required: true }) };

  async run(): Promise<CustomDomain> {
    const d = await this.spin('Adding', this.client.post<CustomDomain>('/api/domains', { domain: this.args.domain }));
    if (d.contested) {
      // Pointing the domain here cannot show whose it is while another account claims it too.
      this.log(`Added ${d.domain}, which another account claims too. Verify it with a DNS TXT record:\n  ${d.txtRecord.name} = "${d.txtRecord.value}"\nthen run: yava domains verify ${d.domain}`);
    } else {
      this.log(`Added ${d.domain}. Verify it with either:\n  a DNS TXT record ${d.txtRecord.name} = "${d.txtRecord.value}"\n  or point the domain at this server (${d.httpUrl} then answers the token)\nthen run: yava domains verify ${d.domain}`);
    }
    return d;
  }
}
