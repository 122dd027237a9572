/**
 * A separate API server process for multi-process tests: `node --import tsx test/helpers/apiProcess.ts`
 * with DATABASE_URL set. Listens on a random port, prints `listening <url>` on stdout, and stops on SIGTERM.
 */
import { startServer } from '../../server/compose.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from './server.js';

const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', RATE_LIMIT: 'off', SPAM_CHECK: 'off', BCRYPT_COST: '4', LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX });
const server = await startServer({ config, logger: createLogger('silent'), jwtSecret: TEST_JWT_SECRET, encryptionKey: TEST_ENCRYPTION_KEY, migrate: false });
process.stdout.write(`listening ${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
