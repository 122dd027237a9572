import { Client, GatewayIntentBits, REST, Routes, type Interaction } from 'discord.js';
import { DomainError } from '../../core/errors.js';
import { createBotConversation, type BotDeps } from '../runtime.js';
import { handleButton } from './buttons.js';
import * as meet from './commands/meet.js';
import type { DiscordBotContext } from './context.js';

const restOptions = (apiUrl: string | undefined, test: boolean) => ({ ...(apiUrl ? { api: `${apiUrl.replace(/\/+$/, '')}/api` } : {}), ...(test ? { retries: 0 } : {}), timeout: 10_000 });

export interface DiscordBot {
  client: Client;
  /** Handles one interaction (the gateway's interactionCreate calls this). */
  handleInteraction(interaction: Interaction): Promise<void>;
  /** Resolves when every interaction received so far is handled (tests, shutdown). */
  idle(): Promise<void>;
  /** Registers `/meet` (PUT applications/{id}/commands), then logs in to the gateway. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Registers the `/meet` command globally for the application (a bulk overwrite). */
export async function registerDiscordCommands(options: { token: string; applicationId: string; apiUrl?: string; test?: boolean }): Promise<void> {
  const rest = new REST(restOptions(options.apiUrl, Boolean(options.test))).setToken(options.token);
  await rest.put(Routes.applicationCommands(options.applicationId), { body: [meet.data.toJSON()] });
}

/**
 * The Discord bot: `/meet` (the same subcommands as Slack), slot buttons, DMs for
 * confirmations. DISCORD_API_URL points REST elsewhere (a local fake in tests).
 */
export function createDiscordBot(deps: BotDeps): DiscordBot {
  const { config, logger, services } = deps;
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new DomainError('not_configured', 'Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  const test = config.NODE_ENV === 'test';
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages], rest: restOptions(config.DISCORD_API_URL, test) });
  client.rest.setToken(config.DISCORD_TOKEN);
  const ctx: DiscordBotContext = { conversation: createBotConversation(deps), chatAccounts: services.chatAccounts, logger };
  const pending = new Set<Promise<void>>();

  async function handleInteraction(interaction: Interaction): Promise<void> {
    // The gateway can redeliver after a reconnect: an interaction id acts once.
    if (!(await services.chatAccounts.recordDelivery('discord', `interaction:${interaction.id}`))) return;
    if (interaction.isChatInputCommand() && interaction.commandName === meet.data.name) return meet.execute(interaction, ctx);
    if (interaction.isButton()) return handleButton(interaction, ctx);
  }

  client.on('interactionCreate', (interaction) => {
    const work = handleInteraction(interaction)
      .catch((error: unknown) => logger.error({ err: (error as Error)?.message }, 'discord interaction failed'))
      .finally(() => pending.delete(work));
    pending.add(work);
  });

  return {
    client,
    handleInteraction,
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    async start() {
      await registerDiscordCommands({ token: config.DISCORD_TOKEN!, applicationId: config.DISCORD_APPLICATION_ID!, apiUrl: config.DISCORD_API_URL, test });
      await client.login(config.DISCORD_TOKEN);
    },
    async stop() {
      await Promise.allSettled([...pending]);
      await client.destroy();
    },
  };
}
