import { BaseCommand } from '../../baseCommand.js';
import { openLocalDatabase } from '../../localDatabase.js';

export default class DbStatus extends BaseCommand<typeof DbStatus> {
  static override summary = 'List applied and pending database migrations.';
  static override examples = ['<%= config.bin %> db status', '<%= config.bin %> db status --json'];

  async run(): Promise<{ database: string; applied: string[]; pending: string[] }> {
    const { database, where } = await openLocalDatabase();
    try {
      const { migrationStatus } = await import('../../../core/db/migrate.js');
      const status = await migrationStatus(database.knex);
      this.log(`${where}: ${status.applied.length} applied, ${status.pending.length} pending`);
      for (const name of status.applied) this.log(`  ${this.paint('green', 'applied')}  ${name}`);
      for (const name of status.pending) this.log(`  ${this.paint('yellow', 'pending')}  ${name}`);
      return { database: where, ...status };
    } finally {
      await database.close();
    }
  }
}
