import { BaseCommand } from '../../baseCommand.js';
import { openLocalDatabase } from '../../localDatabase.js';

export default class DbMigrate extends BaseCommand<typeof DbMigrate> {
  static override summary = 'Apply pending database migrations.';
  static override description = 'Runs on the server machine, against DATABASE_URL or the embedded data directory (YAVA_DATA_DIR). The server also migrates on start.';
  static override examples = ['<%= config.bin %> db migrate', 'DATABASE_URL=postgres://localhost/yava <%= config.bin %> db migrate --json'];

  async run(): Promise<{ database: string; applied: string[] }> {
    const { database, where } = await openLocalDatabase();
    try {
      const { migrateLatest } = await import('../../../core/db/migrate.js');
      const applied = await this.spin('Migrating', migrateLatest(database.knex));
      this.log(applied.length ? `Applied ${applied.length} migration(s) to the ${where}:\n${applied.map((n) => `  ${n}`).join('\n')}` : `The ${where} is up to date.`);
      return { database: where, applied };
    } finally {
      await database.close();
    }
  }
}
