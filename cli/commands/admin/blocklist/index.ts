import { Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import { type BlockEntry, blocklistPath, renderBlocklist } from '../../../spam.js';

export default class AdminBlocklist extends ApiCommand<typeof AdminBlocklist> {
  static override summary = 'The booking blocklist: e-mails, domains and networks that may not book (admins; --own for your own list).';
  static override examples = ['<%= config.bin %> admin blocklist', '<%= config.bin %> admin blocklist --all --json', '<%= config.bin %> admin blocklist --own'];
  static override flags = {
    all: Flags.boolean({ description: 'Include expired automatic bans.' }),
    own: Flags.boolean({ description: 'Your own list (applies to your event types), not the global one.' }),
  };

  async run(): Promise<{ entries: BlockEntry[] }> {
    const result = await this.client.get<{ entries: BlockEntry[] }>(blocklistPath(this.flags.own), this.flags.all ? { all: 'true' } : {});
    this.log(renderBlocklist(result.entries, this.zone, this.paint));
    return result;
  }
}
