import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { dayRange, renderAudit, type AuditEntryView } from '../../admin.js';

export default class AdminAudit extends ApiCommand<typeof AdminAudit> {
  static override summary = 'The audit log: every admin action, who did it, when and from where (admins).';
  static override examples = ['<%= config.bin %> admin audit', '<%= config.bin %> admin audit --action user. --actor root --from 2026-11-01 --json'];
  static override flags = {
    actor: Flags.string({ description: 'Only this admin (username or id).' }),
    action: Flags.string({ description: 'An action (user.suspend) or a prefix ending in a dot (user.).' }),
    target: Flags.string({ description: 'Only actions on this id.' }),
    from: Flags.string({ description: 'First day (YYYY-MM-DD).' }),
    to: Flags.string({ description: 'Last day (YYYY-MM-DD).' }),
    limit: Flags.integer({ description: 'How many entries.', default: 50, min: 1, max: 500 }),
  };

  async run(): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
    const { actor, action, target, limit } = this.flags;
    const range = dayRange(this.flags.from, this.flags.to, this.zone);
    const result = await this.spin('Loading the audit log', this.client.get<{ entries: AuditEntryView[]; nextCursor: string | null }>('/api/admin/audit', { actor, action, target, limit, ...range }));
    this.log(renderAudit(result.entries, this.zone, this.paint));
    return result;
  }
}
