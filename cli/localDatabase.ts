import type { Config } from '../core/config.js';
import { CliError } from './errors.js';
import { EXIT } from './exitCodes.js';

/**
 * The database named by the server's own configuration (DATABASE_URL, else the embedded
 * data in YAVA_DATA_DIR), for the few commands that run on the server machine. Loaded
 * lazily: every other command talks HTTP and never pays for the database drivers.
 */
export async function openLocalDatabase() {
  const { ConfigError, loadConfig, readEnv } = await import('../core/config.js');
  let config: Config;
  try {
    config = loadConfig(readEnv());
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, { exit: EXIT.usage, code: 'invalid_config' });
    throw error;
  }
  const { connectionSettings, createDatabase } = await import('../core/db/knex.js');
  try {
    const database = await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.YAVA_DATA_DIR, ...connectionSettings(config) });
    const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${config.YAVA_DATA_DIR}`;
    return { config, database, where };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    // The embedded data directory belongs to a running server: refuse, naming its pid.
    if (e.code === 'data_dir_locked') throw new CliError(`Refusing to open the database: ${e.message}`, { exit: EXIT.failure, code: 'database_in_use' });
    const reason = e.code === 'ECONNREFUSED' ? 'the database server refused the connection; check DATABASE_URL' : (e.message ?? String(error)).split('\n')[0];
    // A directory that cannot be made or written is said as such; the one-process hint is for the rest.
    const fileSystem = ['ENOTDIR', 'ENOENT', 'EACCES', 'EPERM', 'EROFS', 'EEXIST'].includes(e.code ?? '');
    const hint = fileSystem ? `check YAVA_DATA_DIR (${config.YAVA_DATA_DIR})` : 'an embedded data directory can be open in one process only: stop the server first';
    throw new CliError(`Could not open the database: ${reason} (${hint})`, { exit: EXIT.failure, code: 'database_unavailable' });
  }
}
