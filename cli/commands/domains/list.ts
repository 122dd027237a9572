import { ApiCommand } from '../../baseCommand.js';
import { renderTable } from '../../format.js';

export interface CustomDomain {
  domain: string;
  verified: boolean;
  verificationToken: string;
  txtRecord: { name: string; value: string };
  httpUrl: string;
}

export default class DomainsList extends ApiCommand<typeof DomainsList> {
  static override summary = 'List your custom domains and whether each is verified.';
  static override examples = ['<%= config.bin %> domains list'];

  async run(): Promise<{ domains: CustomDomain[] }> {
    const result = await this.spin('Loading', this.client.get<{ domains: CustomDomain[] }>('/api/domains'));
    if (!result.domains.length) this.log('No custom domains (add one with: yava domains add book.example.com).');
    else this.log(renderTable(['DOMAIN', 'VERIFIED', 'TXT RECORD'], result.domains.map((d) => [d.domain, d.verified ? 'yes' : 'no', `${d.txtRecord.name} = ${d.txtRecord.value}`]), this.paint));
    return result;
  }
}
