import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import type { AdminUserView } from '../../../admin.js';

export default class AdminUsersUnthrottle extends ApiCommand<typeof AdminUsersUnthrottle> {
  static override summary = 'Reset the failed-login throttle of an account, through the API (admins).';
  static override description = '`yava admin unlock` does the same directly in the database on the server machine.';
  static override examples = ['<%= config.bin %> admin users unthrottle ada@example.com', '<%= config.bin %> admin users unthrottle ada --address 203.0.113.7'];
  static override args = { user: Args.string({ description: 'Username, email or id.', required: true }) };
  static override flags = { address: Flags.string({ description: 'Also clear this client address (IP) for every account.' }) };

  async run(): Promise<{ user: AdminUserView; address: string | null; cleared: number }> {
    const result = await this.client.post<{ user: AdminUserView; address: string | null; cleared: number }>(`/api/admin/users/${encodeURIComponent(this.args.user)}/reset-throttle`, this.flags.address ? { address: this.flags.address } : {});
    this.log(result.cleared ? `Cleared ${result.cleared} throttle ${result.cleared === 1 ? 'entry' : 'entries'} for ${result.user.email}.` : `Nothing was holding ${result.user.email} back.`);
    return result;
  }
}
