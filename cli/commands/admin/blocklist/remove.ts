import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import { type BlockEntry, blocklistPath } from '../../../spam.js';
import { usageError } from '../../../errors.js';

export default class AdminBlocklistRemove extends ApiCommand<typeof AdminBlocklistRemove> {
  static override summary = 'Remove a blocklist entry (the id, or its first 8 characters, from `yava admin blocklist`).';
  static override examples = ['<%= config.bin %> admin blocklist remove 3f2a9c1e'];
  static override args = { id: Args.string({ description: 'The entry id or its first 8 characters.', required: true }) };
  static override flags = { own: Flags.boolean({ description: 'Your own list, not the global one.' }) };

  async run(): Promise<{ removed: string }> {
    const path = blocklistPath(this.flags.own);
    let id = this.args.id;
    if (id.length < 36) {
      const { entries } = await this.client.get<{ entries: BlockEntry[] }>(path, { all: 'true' });
      const found = entries.filter((e) => e.id.startsWith(id.toLowerCase()));
      if (found.length !== 1) throw usageError(found.length ? `"${id}" matches ${found.length} entries: give more of the id` : `No blocklist entry starts with "${id}"`);
      id = found[0]!.id;
    }
    await this.client.delete(`${path}/${encodeURIComponent(id)}`);
    this.log(`Removed blocklist entry ${id.slice(0, 8)}.`);
    return { removed: id };
  }
}
