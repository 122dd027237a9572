import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { formatInstant, renderTable } from '../../format.js';
import type { NotificationLogEntry } from '../../../core/notify/log.js';


export default class NotificationsLog extends ApiCommand<typeof NotificationsLog> {
  static override summary = 'Every message on every channel (e-mail, webhooks, calendar…) with status, attempts, provider id and error.';
  static override examples = [
    '<%= config.bin %> notifications log',
    '<%= config.bin %> notifications log --channel webhook --status dead',
    '<%= config.bin %> notifications log --booking 3f2a… --json',
  ];
  static override flags = {
    channel: Flags.string({ description: 'Only this channel (email, webhook, calendar, …).' }),
    status: Flags.string({ description: 'Only messages in this state.', options: ['pending', 'sent', 'dead'] }),
    booking: Flags.string({ description: 'Only messages about this booking (id).' }),
    limit: Flags.integer({ description: 'How many (1–500).', default: 50, min: 1, max: 500 }),
    cursor: Flags.string({ description: 'The next page: the cursor the previous page printed.' }),
    all: Flags.boolean({ description: "Everyone's messages (admins)." }),
  };

  async run(): Promise<{ messages: NotificationLogEntry[]; nextCursor: string | null }> {
    const f = this.flags;
    const query = { channel: f.channel, status: f.status, bookingId: f.booking, limit: String(f.limit), cursor: f.cursor, all: f.all ? 'true' : undefined };
    const result = await this.spin('Loading the log', this.client.get<{ messages: NotificationLogEntry[]; nextCursor: string | null }>('/api/notifications/log', query));
    if (!result.messages.length) this.log('Nothing here.');
    else {
      this.log(
        renderTable(
          ['CREATED', 'CHANNEL', 'STATUS', 'TRIES', 'TO', 'SUBJECT', 'PROVIDER ID', 'ERROR'],
          result.messages.map((m) => [formatInstant(m.createdAt, this.zone), m.channel, m.status, String(m.attempts), m.to ?? '', m.subject ?? '', m.providerId ?? '', m.lastError ?? '']),
          this.paint,
        ),
      );
      if (result.nextCursor) this.log(`More: yava notifications log --cursor ${result.nextCursor}`);
    }
    return result;
  }
}
