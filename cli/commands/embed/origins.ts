import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';

interface Origins {
  origins: string[];
}

export default class EmbedOrigins extends ApiCommand<typeof EmbedOrigins> {
  static override summary = 'Show or change the sites allowed to embed your booking pages (embed.js).';
  static override description = 'Pages opened with embed=1 send Content-Security-Policy: frame-ancestors with these origins; with none, no site may frame them.';
  static override examples = [
    '<%= config.bin %> embed origins',
    '<%= config.bin %> embed origins --add https://www.example.com --add https://shop.example.com',
    '<%= config.bin %> embed origins --remove https://shop.example.com',
    '<%= config.bin %> embed origins --clear --json',
  ];
  /** The API's `origins` is what --add gave (a removal cannot be refused). */
  static override fieldNames = { origins: '--add' };
  static override flags = {
    add: Flags.string({ description: 'Allow an origin (https://host[:port]); repeatable.', multiple: true }),
    remove: Flags.string({ description: 'Stop allowing an origin; repeatable.', multiple: true }),
    clear: Flags.boolean({ description: 'Allow no site.' }),
  };

  async run(): Promise<Origins> {
    const { add, remove, clear } = this.flags;
    let result = await this.spin('Loading', this.client.get<Origins>('/api/me/embed-origins'));
    if (add?.length || remove?.length || clear) {
      const gone = new Set((remove ?? []).map((o) => o.replace(/\/+$/, '').toLowerCase()));
      const next = [...(clear ? [] : result.origins.filter((o) => !gone.has(o.toLowerCase()))), ...(add ?? [])];
      result = await this.spin('Saving', this.client.put<Origins>('/api/me/embed-origins', { origins: next }));
    }
    this.log(result.origins.length ? result.origins.join('\n') : 'No site may embed your pages (add one with --add https://example.com).');
    return result;
  }
}
