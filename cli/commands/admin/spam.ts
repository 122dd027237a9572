import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { type DecisionRecord, renderDecisions } from '../../spam.js';

export default class AdminSpam extends ApiCommand<typeof AdminSpam> {
  static override summary = 'The spam log: every screened booking attempt, its decision (allow, challenge, block) and why (admins).';
  static override examples = ['<%= config.bin %> admin spam', '<%= config.bin %> admin spam --decision block --json', '<%= config.bin %> admin spam --email someone@example.org'];
  static override flags = {
    decision: Flags.string({ description: 'Only this decision.', options: ['allow', 'challenge', 'block'] }),
    email: Flags.string({ description: 'Only attempts with this e-mail.' }),
    limit: Flags.integer({ description: 'How many decisions.', default: 50, min: 1, max: 500 }),
  };

  async run(): Promise<{ decisions: DecisionRecord[]; nextCursor: string | null }> {
    const { decision, email, limit } = this.flags;
    const result = await this.client.get<{ decisions: DecisionRecord[]; nextCursor: string | null }>('/api/admin/spam/decisions', { decision, email, limit });
    this.log(renderDecisions(result.decisions, this.zone, this.paint));
    return result;
  }
}
