import { BaseCommand } from '../../baseCommand.js';
import { runBotProcess } from '../../botProcess.js';

export default class BotSlack extends BaseCommand<typeof BotSlack> {
  static override summary = 'Run the Slack bot (/meet) in its own process.';
  static override description = 'Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN), for workspaces without a public URL. For HTTP mode set SLACK_SIGNING_SECRET on the server instead: `npm start` serves POST /slack/events. Uses the server database (DATABASE_URL). Stops on Ctrl-C.';
  static override examples = ['DATABASE_URL=postgres://localhost/yava SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… <%= config.bin %> bot slack'];

  async run(): Promise<{ platform: 'slack' | 'discord'; running: boolean }> {
    return runBotProcess('slack', (line) => this.log(line));
  }
}
