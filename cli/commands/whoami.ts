import { ApiCommand } from '../baseCommand.js';
import type { User } from '../types.js';

export interface WhoamiResult extends User {
  server: string;
}

export default class Whoami extends ApiCommand<typeof Whoami> {
  static override summary = 'Show who you are logged in as, and where.';
  static override examples = ['<%= config.bin %> whoami', '<%= config.bin %> whoami --json'];

  async run(): Promise<WhoamiResult> {
    const me = await this.spin('Asking the server', this.client.get<User>('/api/me'));
    this.log(`${this.paint('bold', me.username)} (${me.name} <${me.email}>) on ${this.client.server}`);
    this.log(`role ${me.role}, time zone ${me.timezone}${this.connection.tokenSource === 'YAVA_TOKEN' ? ', token from YAVA_TOKEN' : ''}`);
    return { server: this.client.server, id: me.id, email: me.email, username: me.username, name: me.name, role: me.role, timezone: me.timezone };
  }
}
