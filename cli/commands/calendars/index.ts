import { ApiCommand } from '../../baseCommand.js';
import { renderConnections, type CalendarConnection } from '../../calendars.js';

export default class Calendars extends ApiCommand<typeof Calendars> {
  static override summary = 'Your connected calendars (same as `yava calendars list`).';
  static override description = 'Which calendars block your slots, where bookings are written, and which connections need reconnecting.';
  static override examples = ['<%= config.bin %> calendars', '<%= config.bin %> calendars connect google', '<%= config.bin %> calendars use Work', '<%= config.bin %> calendars sync'];

  async run(): Promise<{ connections: CalendarConnection[] }> {
    const { connections } = await this.spin('Loading calendars', this.client.get<{ connections: CalendarConnection[] }>('/api/calendars'));
    this.log(renderConnections(connections, this.paint));
    return { connections };
  }
}
