import type { Knex } from 'knex';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Services } from '../core/services.js';
import { createConversation, createProposalStore, schedulingPortFrom, type Conversation, type CoreSchedulingServices } from './conversation/index.js';

/** What a bot needs: the same dependencies as the API server. */
export interface BotDeps {
  db: Knex;
  clock: Clock;
  config: Config;
  logger: Logger;
  services: Services;
}

/** The conversation over core's services, shared by the Slack and Discord adapters. */
export function createBotConversation({ db, clock, config, services }: BotDeps): Conversation {
  return createConversation({
    nlp: services.nlp,
    chatAccounts: services.chatAccounts,
    scheduling: schedulingPortFrom(services as unknown as Partial<CoreSchedulingServices>),
    proposals: createProposalStore(db, clock),
    clock,
    publicUrl: config.publicUrl,
  });
}
