import type { Knex } from 'knex';
import { createFixedClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createServices, type Services } from '../../core/services.js';
import { getTestDb } from './db.js';
import { insertUser } from './meetings.js';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from './server.js';

/** Core services over the test database with a fixed clock, webhooks allowed to 127.0.0.1. */
export async function webhookTestbed(start = '2026-12-01T08:00:00Z', env: Record<string, string> = {}) {
  const db: Knex = (await getTestDb()).knex;
  const clock = createFixedClock(start);
  const config = { ...loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_URLS: 'on', WEBHOOK_TIMEOUT_MS: '2000', ...env }), jwtSecret: TEST_JWT_SECRET, encryptionKey: TEST_ENCRYPTION_KEY };
  const services: Services = createServices({ db, clock, config, logger: createLogger('silent') });
  const dispatcher = () => services.notify.createDispatcher({ backoffBaseMs: 60_000, backoffMaxMs: 3_600_000, leaseMs: 60_000, random: () => 0.5 });
  return { db, clock, services, dispatcher };
}

/** A host with a 30-minute event type "intro". */
export async function hostWithEventType(db: Knex, services: Services, overrides: Parameters<typeof insertUser>[1] = {}) {
  const host = await insertUser(db, overrides);
  await services.scheduling.createEventType(host.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
  return host;
}
