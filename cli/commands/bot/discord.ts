import { BaseCommand } from '../../baseCommand.js';
import { CliError } from '../../errors.js';
import { EXIT } from '../../exitCodes.js';

export default class BotDiscord extends BaseCommand<typeof BotDiscord> {
  static override summary = 'Run the Discord bot (/meet) in its own process.';
  static override description = 'Registers /meet (DISCORD_APPLICATION_ID) and connects with DISCORD_TOKEN. Uses the server database (DATABASE_URL). Stops on Ctrl-C.';
  static override examples = ['DATABASE_URL=postgres://localhost/yava DISCORD_TOKEN=… DISCORD_APPLICATION_ID=… <%= config.bin %> bot discord'];

  async run(): Promise<{ platform: 'discord'; running: boolean }> {
    const { startBotProcess } = await import('../../../bot/process.js');
    const { isDomainError } = await import('../../../core/errors.js');
    const { ConfigError } = await import('../../../core/config.js');
    let bot;
    try {
      bot = await startBotProcess('discord');
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
    return { platform: 'discord', running: false };
  }
}
