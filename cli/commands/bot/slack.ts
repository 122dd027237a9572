import { BaseCommand } from '../../baseCommand.js';
import { CliError } from '../../errors.js';
import { EXIT } from '../../exitCodes.js';

export default class BotSlack extends BaseCommand<typeof BotSlack> {
  static override summary = 'Run the Slack bot (/meet) in its own process.';
  static override description = 'Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN), for workspaces without a public URL. For HTTP mode set SLACK_SIGNING_SECRET on the server instead: `npm start` serves POST /slack/events. Uses the server database (DATABASE_URL). Stops on Ctrl-C.';
  static override examples = ['DATABASE_URL=postgres://localhost/yava SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… <%= config.bin %> bot slack'];

  async run(): Promise<{ platform: 'slack'; running: boolean }> {
    const { startBotProcess } = await import('../../../bot/process.js');
    const { isDomainError } = await import('../../../core/errors.js');
    const { ConfigError } = await import('../../../core/config.js');
    let bot;
    try {
      bot = await startBotProcess('slack');
    } catch (error) {
      if (isDomainError(error) || error instanceof ConfigError) throw new CliError(error.message, { exit: EXIT.usage, code: isDomainError(error) ? error.code : 'invalid_config' });
      throw error;
    }
    this.log(`${bot.describe}. Press Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      const stop = () => void bot.stop().finally(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return { platform: 'slack', running: false };
  }
}
