import { ApiCommand } from '../../baseCommand.js';
import { formatRange, renderTable } from '../../format.js';
import type { PendingRequest } from '../../teamAdmin.js';

export default class Requests extends ApiCommand<typeof Requests> {
  static override summary = "Requests waiting for your approval (and, as a team admin, your team's).";
  static override examples = ['<%= config.bin %> requests', '<%= config.bin %> requests approve 9b2c41d0 77aa01ff', '<%= config.bin %> requests decline 9b2c41d0 --reason "Fully booked"'];

  async run(): Promise<{ requests: PendingRequest[] }> {
    const res = await this.spin('Loading requests', this.client.get<{ requests: PendingRequest[] }>('/api/requests/pending'));
    if (!res.requests.length) {
      this.log('No requests waiting for approval.');
      return res;
    }
    const rows = res.requests.map((r) => [r.id.slice(0, 8), formatRange(r.start, r.end, this.zone), String(r.title ?? ''), (r.hosts ?? []).map((h) => h.username).join(', '), r.team ?? '', (r.attendees ?? []).map((a) => a.email).join(', ')]);
    this.log(renderTable(['ID', 'WHEN', 'TITLE', 'HOST', 'TEAM', 'INVITEE'], rows, this.paint));
    this.log(`\nyava requests approve <id>… or yava requests decline <id>… [--reason …]`);
    return res;
  }
}
