import { ApiCommand } from '../../baseCommand.js';
import { formatInstant, renderTable } from '../../format.js';
import type { PersonalToken } from '../../types.js';

export default class TokensList extends ApiCommand<typeof TokensList> {
  static override summary = 'List your personal access tokens.';
  static override examples = ['<%= config.bin %> tokens list', '<%= config.bin %> tokens list --json'];

  async run(): Promise<{ tokens: PersonalToken[] }> {
    const { tokens } = await this.spin('Loading tokens', this.client.get<{ tokens: PersonalToken[] }>('/api/tokens'));
    if (!tokens.length) this.log('No tokens.');
    else {
      const zone = this.zone;
      const when = (iso: string | null) => (iso ? formatInstant(iso, zone) : '-');
      this.log(renderTable(['ID', 'NAME', 'PREFIX', 'CREATED', 'LAST USED', 'EXPIRES'], tokens.map((t) => [t.id, t.name, t.prefix, when(t.createdAt), when(t.lastUsedAt), when(t.expiresAt)]), this.paint));
    }
    return { tokens };
  }
}
