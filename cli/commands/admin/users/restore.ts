import { Args } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import type { AdminUserView } from '../../../admin.js';

export default class AdminUsersRestore extends ApiCommand<typeof AdminUsersRestore> {
  static override summary = 'Lift a suspension (admins).';
  static override examples = ['<%= config.bin %> admin users restore ivo'];
  static override args = { user: Args.string({ description: 'Username, email or id.', required: true }) };

  async run(): Promise<AdminUserView> {
    const user = await this.client.post<AdminUserView>(`/api/admin/users/${encodeURIComponent(this.args.user)}/restore`, {});
    this.log(`Restored ${user.username} <${user.email}>; it can log in again.`);
    return user;
  }
}
