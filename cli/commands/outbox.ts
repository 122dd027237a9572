import { Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import { formatInstant, renderTable } from '../format.js';

export interface OutboxEntry {
  id: string;
  channel: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  to: string | null;
  subject: string | null;
  createdAt: string;
}

export default class Outbox extends ApiCommand<typeof Outbox> {
  static override summary = 'List outgoing notifications (admins): pending, sent, or dead after all retries.';
  static override examples = ['<%= config.bin %> outbox', '<%= config.bin %> outbox --status dead', '<%= config.bin %> outbox --status dead --json'];
  static override flags = {
    status: Flags.string({ description: 'Only messages in this state.', options: ['pending', 'sent', 'dead'] }),
    limit: Flags.integer({ description: 'How many messages.', default: 50 }),
  };

  /** Where the list comes from (`yava admin outbox` reads the admin API's). */
  protected readonly path: string = '/api/outbox';
  /** Whether the table names each message's id (to retry it). */
  protected readonly showIds: boolean = false;

  async run(): Promise<{ messages: OutboxEntry[] }> {
    const query: Record<string, string> = { limit: String(this.flags.limit) };
    if (this.flags.status) query.status = this.flags.status;
    const result = await this.spin('Loading outbox', this.client.get<{ messages: OutboxEntry[] }>(this.path, query));
    if (!result.messages.length) this.log('Nothing here.');
    else {
      this.log(
        renderTable(
          [...(this.showIds ? ['ID'] : []), 'CREATED', 'CHANNEL', 'STATUS', 'TRIES', 'TO', 'SUBJECT', 'LAST ERROR'],
          result.messages.map((m) => [...(this.showIds ? [m.id] : []), formatInstant(m.createdAt, this.zone), m.channel, m.status, `${m.attempts}/${m.maxAttempts}`, m.to ?? '', m.subject ?? '', m.lastError ?? '']),
          this.paint,
        ),
      );
    }
    return result;
  }
}
