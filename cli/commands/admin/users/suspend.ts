import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import type { AdminUserView } from '../../../admin.js';

export default class AdminUsersSuspend extends ApiCommand<typeof AdminUsersSuspend> {
  static override summary = 'Suspend an account: it cannot log in and its tokens stop working (admins).';
  static override examples = ['<%= config.bin %> admin users suspend ivo@example.com --reason "Spam invitations"'];
  static override args = { user: Args.string({ description: 'Username, email or id.', required: true }) };
  static override flags = { reason: Flags.string({ description: 'Why (kept in the audit log).', required: true }) };

  async run(): Promise<AdminUserView> {
    const user = await this.client.post<AdminUserView>(`/api/admin/users/${encodeURIComponent(this.args.user)}/suspend`, { reason: this.flags.reason });
    this.log(`Suspended ${user.username} <${user.email}>.`);
    return user;
  }
}
