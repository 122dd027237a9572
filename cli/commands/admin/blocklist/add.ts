import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import { type BlockEntry, blocklistPath } from '../../../spam.js';

export default class AdminBlocklistAdd extends ApiCommand<typeof AdminBlocklistAdd> {
  static override summary = 'Block an e-mail, a domain or a network (an address or CIDR) from booking (admins; --own for your event types).';
  static override examples = ['<%= config.bin %> admin blocklist add domain spammy.example --reason "complaints"', '<%= config.bin %> admin blocklist add network 203.0.113.0/24 --until 2026-12-31T00:00:00Z', '<%= config.bin %> admin blocklist add email pest@example.org --own'];
  static override args = {
    kind: Args.string({ description: 'email, domain or network.', options: ['email', 'domain', 'network'], required: true }),
    value: Args.string({ description: 'The e-mail, domain, address or CIDR network.', required: true }),
  };
  static override flags = {
    reason: Flags.string({ description: 'Why (for the admins; never shown to the booker).' }),
    until: Flags.string({ description: 'When the entry ends (ISO 8601 instant with an offset); default: until removed.' }),
    own: Flags.boolean({ description: 'Your own list (applies to your event types), not the global one.' }),
  };

  async run(): Promise<BlockEntry> {
    const { reason, until, own } = this.flags;
    const entry = await this.client.post<BlockEntry>(blocklistPath(own), { kind: this.args.kind, value: this.args.value, ...(reason ? { reason } : {}), ...(until ? { expiresAt: until } : {}) });
    this.log(`Blocked ${entry.kind} ${entry.value} (id ${entry.id.slice(0, 8)}).`);
    return entry;
  }
}
