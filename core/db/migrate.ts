import type { Knex } from 'knex';
import { migrations } from '../../migrations/index.js';

/** Migrations are listed in code so the same list runs from TypeScript (tests) and built JS. */
class ListedMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return migrations.map((m) => m.name);
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Knex.Migration> {
    const found = migrations.find((m) => m.name === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found;
  }
}

/** The migrator settings every runner shares: the server, `yava db`, and knex's CLI (knexfile.ts). */
export const migrationConfig = (): Knex.MigratorConfig => ({
  migrationSource: new ListedMigrationSource(),
  tableName: 'knex_migrations',
});

/** Runs every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(migrationConfig())) as [number, string[]];
  return applied;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export async function migrationStatus(knex: Knex): Promise<MigrationStatus> {
  const [completed, pending] = (await knex.migrate.list(migrationConfig())) as [Array<{ name: string } | string>, Array<{ file?: string } | string>];
  const nameOf = (m: unknown) => (typeof m === 'string' ? m : ((m as { name?: string; file?: string }).name ?? (m as { file?: string }).file ?? String(m)));
  return { applied: completed.map(nameOf), pending: pending.map(nameOf) };
}
