import { Args } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import type { AdminUserView } from '../../../admin.js';

export default class AdminUsersRole extends ApiCommand<typeof AdminUsersRole> {
  static override summary = 'Make an account an admin or a user (admins).';
  static override description = 'The account is signed out so its next login carries the new role. The last active admin keeps the role.';
  static override examples = ['<%= config.bin %> admin users role hela admin', '<%= config.bin %> admin users role hela user'];
  static override args = {
    user: Args.string({ description: 'Username, email or id.', required: true }),
    role: Args.string({ description: 'The new role.', required: true, options: ['admin', 'user'] }),
  };

  async run(): Promise<AdminUserView> {
    const user = await this.client.put<AdminUserView>(`/api/admin/users/${encodeURIComponent(this.args.user)}/role`, { role: this.args.role });
    this.log(`${user.username} is now ${user.role === 'admin' ? 'an admin' : 'a user'}.`);
    return user;
  }
}
