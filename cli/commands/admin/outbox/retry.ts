import { Args } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';

export default class AdminOutboxRetry extends ApiCommand<typeof AdminOutboxRetry> {
  static override summary = 'Send a dead letter again (admins).';
  static override description = 'Puts the message back in the queue, due now, with a fresh allowance of attempts; its idempotency key stays, so nobody gets it twice.';
  static override examples = ['<%= config.bin %> admin outbox retry 5f0e9b2c-…'];
  static override args = { id: Args.string({ description: 'The message id (see `yava admin outbox --status dead --json`).', required: true }) };

  async run(): Promise<{ id: string; status: string; previousStatus: string }> {
    const result = await this.client.post<{ id: string; status: string; previousStatus: string }>(`/api/admin/outbox/${encodeURIComponent(this.args.id)}/retry`, {});
    this.log(`Queued ${result.id} again (was ${result.previousStatus}).`);
    return result;
  }
}
