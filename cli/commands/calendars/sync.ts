import { ApiCommand } from '../../baseCommand.js';
import { renderConnections, type CalendarConnection } from '../../calendars.js';

interface SyncResult {
  calendarId: string;
  status: 'synced' | 'skipped' | 'needs_reconnect' | 'failed';
  changed: boolean;
  full: boolean;
}

export default class CalendarsSync extends ApiCommand<typeof CalendarsSync> {
  static override summary = 'Sync your connected calendars now.';
  static override examples = ['<%= config.bin %> calendars sync', '<%= config.bin %> calendars sync --json'];

  async run(): Promise<{ connections: CalendarConnection[]; results: SyncResult[] }> {
    const out = await this.spin('Syncing', this.client.post<{ connections: CalendarConnection[]; results: SyncResult[] }>('/api/calendars/sync'));
    this.log(renderConnections(out.connections, this.paint));
    const failed = out.results.filter((r) => r.status === 'failed').length;
    this.log(`${out.results.filter((r) => r.status === 'synced').length} calendar(s) synced${failed ? `, ${failed} failed (the server will retry)` : ''}.`);
    return out;
  }
}
