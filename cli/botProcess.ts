import { CliError } from './errors.js';
import { EXIT } from './exitCodes.js';

/**
 * Runs a chat bot in this process until SIGINT/SIGTERM (`yava bot slack|discord`).
 * Configuration problems become a usage error naming what to set.
 */
export async function runBotProcess(platform: 'slack' | 'discord', log: (line: string) => void): Promise<{ platform: 'slack' | 'discord'; running: boolean }> {
  const { startBotProcess } = await import('../bot/process.js');
  const { isDomainError } = await import('../core/errors.js');
  const { ConfigError } = await import('../core/config.js');
  let bot: Awaited<ReturnType<typeof startBotProcess>>;
  try {
    bot = await startBotProcess(platform);
  } catch (error) {
    if (isDomainError(error) || error instanceof ConfigError) throw new CliError(error.message, { exit: EXIT.usage, code: isDomainError(error) ? error.code : 'invalid_config' });
    throw error;
  }
  log(`${bot.describe}. Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    const stop = () => void bot.stop().finally(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return { platform, running: false };
}
