import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Services } from '../core/services.js';
import { createConversation, type Conversation } from './conversation/index.js';

/** What a bot needs: core's services and the process's clock, configuration and logger. */
export interface BotDeps {
  clock: Clock;
  config: Config;
  logger: Logger;
  services: Services;
}

/** The conversation over core's services, shared by the Slack and Discord adapters. */
export function createBotConversation({ clock, config, services }: BotDeps): Conversation {
  return createConversation({ requests: services.requests, booking: services.booking, chatAccounts: services.chatAccounts, clock, publicUrl: config.publicUrl });
}
