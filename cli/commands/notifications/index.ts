import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { formatInstant, renderTable } from '../../format.js';
import { followEvents } from '../../sse.js';
import type { InAppNotification } from '../../../core/notify/inbox/store.js';


export default class Notifications extends ApiCommand<typeof Notifications> {
  static override summary = 'Your in-app notifications: unread ones, or follow them live.';
  static override examples = [
    '<%= config.bin %> notifications',
    '<%= config.bin %> notifications --all --limit 100',
    '<%= config.bin %> notifications --read',
    '<%= config.bin %> notifications --follow',
    '<%= config.bin %> notifications --follow --count 1 --json',
  ];
  static override flags = {
    all: Flags.boolean({ description: 'Read ones too, not only unread.' }),
    read: Flags.boolean({ description: 'Mark the listed notifications read.', exclusive: ['follow'] }),
    limit: Flags.integer({ description: 'How many (1–200).', default: 50, min: 1, max: 200 }),
    follow: Flags.boolean({ char: 'f', description: 'Print notifications live as they arrive (Ctrl-C stops).' }),
    count: Flags.integer({ description: 'With --follow: stop after this many.', min: 1, dependsOn: ['follow'] }),
  };

  async run(): Promise<{ notifications: InAppNotification[]; marked?: number }> {
    if (this.flags.follow) return this.follow();
    const query: Record<string, string> = { limit: String(this.flags.limit) };
    if (!this.flags.all) query.unread = 'true';
    const { notifications } = await this.spin('Loading notifications', this.client.get<{ notifications: InAppNotification[] }>('/api/notifications', query));
    if (!notifications.length) this.log(this.flags.all ? 'No notifications.' : 'No unread notifications.');
    else this.log(renderTable(['ID', 'WHEN', 'WHAT', 'DETAILS', ''], notifications.map((n) => [n.id, formatInstant(n.createdAt, this.zone), n.title, n.body, n.read ? '' : 'new']), this.paint));
    if (!this.flags.read || !notifications.length) return { notifications };
    const { marked } = await this.client.post<{ marked: number }>('/api/notifications/read', { ids: notifications.map((n) => n.id) });
    this.log(`Marked ${marked} read.`);
    return { notifications, marked };
  }

  /** Streams GET /api/notifications/stream; each notification is one line (one JSON line with --json). */
  private async follow(): Promise<{ notifications: InAppNotification[] }> {
    const seen: InAppNotification[] = [];
    if (!this.jsonEnabled()) this.logToStderr('Following notifications (Ctrl-C stops)…');
    await followEvents(this.client, '/api/notifications/stream', (event) => {
      if (event.event !== 'notification') return true;
      const n = JSON.parse(event.data) as InAppNotification;
      seen.push(n);
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(n)}\n`);
      else this.log(`${formatInstant(n.createdAt, this.zone)}  ${n.title} — ${n.body}`);
      return this.flags.count === undefined || seen.length < this.flags.count;
    });
    return { notifications: seen };
  }

  /** --follow --json prints one JSON line per notification as it comes, not one document at the end. */
  public override logJson(json: unknown): void {
    if (this.flags?.follow) return;
    super.logJson(json);
  }
}
