import { Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';
import { renderUsers, type AdminUserView } from '../../../admin.js';

export default class AdminUsers extends ApiCommand<typeof AdminUsers> {
  static override summary = 'Search accounts (admins).';
  static override description = 'Subcommands: suspend, restore, role, unthrottle. Every change is recorded in the audit log (`yava admin audit`).';
  static override examples = ['<%= config.bin %> admin users', '<%= config.bin %> admin users --search ada --status suspended', '<%= config.bin %> admin users --role admin --json'];
  static override flags = {
    search: Flags.string({ description: 'Part of the email, username or name.' }),
    role: Flags.string({ description: 'Only this role.', options: ['admin', 'user'] }),
    status: Flags.string({ description: 'Only active or suspended accounts.', options: ['active', 'suspended'] }),
    limit: Flags.integer({ description: 'How many accounts.', default: 50, min: 1, max: 100 }),
  };

  async run(): Promise<{ users: AdminUserView[]; nextCursor: string | null }> {
    const { search, role, status, limit } = this.flags;
    const result = await this.spin('Loading accounts', this.client.get<{ users: AdminUserView[]; nextCursor: string | null }>('/api/admin/users', { q: search, role, status, limit }));
    this.log(renderUsers(result.users, this.zone, this.paint));
    return result;
  }
}
