import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { connectionStamp, renderConnections, type CalendarConnection } from '../../calendars.js';
import { CliError, missingValue } from '../../errors.js';
import { EXIT } from '../../exitCodes.js';
import { readAllInput } from '../../input.js';
import { askInput, askPassword } from '../../prompts.js';

type ConnectResult = { authorizeUrl?: string; connection?: CalendarConnection };

export default class CalendarsConnect extends ApiCommand<typeof CalendarsConnect> {
  static override summary = 'Connect a calendar account: google, microsoft (Outlook) or caldav (iCloud, Fastmail, Nextcloud).';
  static override description =
    'Google and Microsoft: prints the address to open in a browser and waits until you have agreed there (like `gh auth login`). CalDAV: connects now with an app password.';
  static override examples = [
    '<%= config.bin %> calendars connect google',
    '<%= config.bin %> calendars connect microsoft --no-wait',
    'echo "$APP_PASSWORD" | <%= config.bin %> calendars connect caldav --url https://caldav.fastmail.com --username me@fastmail.com --password-stdin',
  ];
  static override args = { provider: Args.string({ description: 'google, microsoft or caldav', required: true, options: ['google', 'microsoft', 'caldav'] }) };
  static override flags = {
    url: Flags.string({ description: 'CalDAV: the server address, e.g. https://caldav.icloud.com' }),
    username: Flags.string({ description: 'CalDAV: the account name' }),
    'password-stdin': Flags.boolean({ description: 'CalDAV: read the app password from stdin' }),
    wait: Flags.boolean({ description: 'Google/Microsoft: wait for the browser to finish (default)', default: true, allowNo: true }),
    timeout: Flags.integer({ description: 'Seconds to wait for the browser', default: 300, min: 1 }),
  };

  async run(): Promise<ConnectResult> {
    const provider = this.args.provider as 'google' | 'microsoft' | 'caldav';
    if (provider === 'caldav') return this.connectCalDav();
    const before = await this.client.get<{ connections: CalendarConnection[] }>('/api/calendars');
    const stamps = new Map(before.connections.map((c) => [c.id, connectionStamp(c)]));
    const { authorizeUrl } = await this.spin('Starting', this.client.post<{ authorizeUrl: string }>('/api/calendars/connect', { provider }));
    if (!this.flags.wait) {
      this.log(authorizeUrl);
      return { authorizeUrl };
    }
    this.logToStderr(`Open this address in a browser to connect ${provider === 'google' ? 'Google Calendar' : 'Outlook'}; unless you are signed in to Yava there, it shows your Yava account first: press Continue.\n\n  ${authorizeUrl}\n\nWaiting for you to finish there (Ctrl-C to stop)…`);
    const deadline = Date.now() + this.flags.timeout * 1000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      const { connections } = await this.client.get<{ connections: CalendarConnection[] }>('/api/calendars');
      const done = connections.find((c) => c.provider === provider && stamps.get(c.id) !== connectionStamp(c));
      if (done) {
        this.log(renderConnections([done], this.paint));
        return { authorizeUrl, connection: done };
      }
    }
    throw new CliError(`Nothing was connected within ${this.flags.timeout} seconds; run the command again (the address is valid for 10 minutes)`, { exit: EXIT.failure, code: 'timeout' });
  }

  private async connectCalDav(): Promise<ConnectResult> {
    const url = await this.need(this.flags.url, '--url', () => askInput('CalDAV server address'), 'the CalDAV server address');
    const username = await this.need(this.flags.username, '--username', () => askInput('Username'), 'the account name');
    let password: string;
    if (this.flags['password-stdin']) password = (await readAllInput()).replace(/\r?\n$/, '');
    else if (this.canPrompt()) password = await askPassword(`App password for ${username}`);
    else throw missingValue('--password-stdin', 'the app password');
    const { connection } = await this.spin('Connecting', this.client.post<{ connection: CalendarConnection }>('/api/calendars/connect', { provider: 'caldav', url, username, password }));
    this.log(renderConnections([connection], this.paint));
    return { connection };
  }
}
