import { ApiCommand } from '../../baseCommand.js';
import { renderTable } from '../../format.js';

export interface CustomDomain {
  domain: string;
  verified: boolean;
  /** How control was proved (servers before it: absent). */
  verifiedVia?: 'dns' | 'http' | null;
  /** Another account claims it too: only the TXT record settles it. */
  contested?: boolean;
  verificationToken: string;
  txtRecord: { name: string; value: string };
  httpUrl: string;
}

/** "yes (DNS)", "yes (HTTP)", "no", or "no: contested, TXT record only". */
function verifiedLabel(d: CustomDomain): string {
  if (d.verified) return d.verifiedVia ? `yes (${d.verifiedVia.toUpperCase()})` : 'yes';
  return d.contested ? 'no: contested, TXT record only' : 'no';
}

export default class DomainsList extends ApiCommand<typeof DomainsList> {
  static override summary = 'List your custom domains and whether each is verified.';
  static override examples = ['<%= config.bin %> domains list'];

  async run(): Promise<{ domains: CustomDomain[] }> {
    const result = await this.spin('Loading', this.client.get<{ domains: CustomDomain[] }>('/api/domains'));
    if (!result.domains.length) this.log('No custom domains (add one with: yava domains add book.example.com).');
    else this.log(renderTable(['DOMAIN', 'VERIFIED', 'TXT RECORD'], result.domains.map((d) => [d.domain, verifiedLabel(d), `${d.txtRecord.name} = ${d.txtRecord.value}`]), this.paint));
    return result;
  }
}
