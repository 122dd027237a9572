import { ApiCommand } from '../../baseCommand.js';
import { renderConnections, type CalendarConnection } from '../../calendars.js';

interface SyncResult {
  calendarId: string;
  status: 'synced' | 'skipped' | 'needs_reconnect' | 'failed' | 'removed' | 'running' | 'superseded';
  changed: boolean;
  full: boolean;
}

export default class CalendarsSync extends ApiCommand<typeof CalendarsSync> {
  static override summary = 'Sync your connected calendars now.';
  static override examples = ['<%= config.bin %> calendars sync', '<%= config.bin %> calendars sync --json'];

  async run(): Promise<{ connections: CalendarConnection[]; results: SyncResult[] }> {
    const out = await this.spin('Syncing', this.client.post<{ connections: CalendarConnection[]; results: SyncResult[] }>('/api/calendars/sync'));
    this.log(renderConnections(out.connections, this.paint));
    const count = (status: SyncResult['status']) => out.results.filter((r) => r.status === status).length;
    const [failed, removed, busy] = [count('failed'), count('removed'), count('running') + count('superseded')];
    this.log(`${count('synced')} calendar(s) synced${failed ? `, ${failed} failed (the server will retry)` : ''}${removed ? `, ${removed} removed (gone at the provider; see your e-mail)` : ''}${busy ? `, ${busy} already being synced by the server` : ''}.`);
    return out;
  }
}
