import { BaseCommand } from '../../baseCommand.js';
import { runBotProcess } from '../../botProcess.js';

export default class BotDiscord extends BaseCommand<typeof BotDiscord> {
  static override summary = 'Run the Discord bot (/meet) in its own process.';
  static override description = 'Registers /meet (DISCORD_APPLICATION_ID) and connects with DISCORD_TOKEN. Uses the server database (DATABASE_URL). Stops on Ctrl-C.';
  static override examples = ['DATABASE_URL=postgres://localhost/yava DISCORD_TOKEN=… DISCORD_APPLICATION_ID=… <%= config.bin %> bot discord'];

  async run(): Promise<{ platform: 'slack' | 'discord'; running: boolean }> {
    return runBotProcess('discord', (line) => this.log(line));
  }
}
