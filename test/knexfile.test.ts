import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knexPkg, { type Knex } from 'knex';
import { createDatabase } from '../core/db/knex.js';
import { migrateLatest } from '../core/db/migrate.js';
import { getTestDb, usingPostgres } from './helpers/db.js';
import { ROOT } from './helpers/serverProcess.js';

const run = promisify(execFile);

/** `npx knex …` from the project root, exactly as a developer types it. */
function knexCli(args: string[], env: Record<string, string>) {
  return run('npx', ['--no-install', 'knex', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', ...env }, timeout: 120_000 });
}

/** A pg_dump-like listing of the public schema: columns, constraints, indexes, triggers, extensions. */
async function describeSchema(knex: Knex) {
  const rows = async (sql: string) => ((await knex.raw(sql)) as { rows: Array<Record<string, unknown>> }).rows;
  return {
    columns: await rows(
      "SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    ),
    constraints: await rows("SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"),
    indexes: await rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2"),
    triggers: await rows('SELECT tgrelid::regclass::text AS tbl, tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2'),
    extensions: await rows('SELECT extname FROM pg_extension ORDER BY 1'),
    migrations: (await rows('SELECT name FROM knex_migrations ORDER BY id')).map((r) => r.name),
  };
}

describe('knexfile.ts: npx knex migrate:* on the server database', function () {
  this.timeout(240_000);

  it('migrate:latest on a fresh embedded data dir builds the schema the server builds; rollback removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-knexfile-'));
    const server = await createDatabase({ dataDir: 'memory://' });
    try {
      await migrateLatest(server.knex);
      const expected = await describeSchema(server.knex);
      const env = { YAVA_DATA_DIR: join(dir, 'data') };
      const latest = await knexCli(['migrate:latest'], env);
      expect(latest.stdout).to.match(/Batch 1 run: \d+ migrations/);
      const cli = await createDatabase({ dataDir: join(dir, 'data') });
      try {
        expect(await describeSchema(cli.knex)).to.deep.equal(expected);
      } finally {
        await cli.close();
      }
      const rolledBack = await knexCli(['migrate:rollback'], env);
      expect(rolledBack.stdout).to.match(/Batch 1 rolled back/);
      const after = await createDatabase({ dataDir: join(dir, 'data') });
      try {
        const tables = (await after.knex.raw("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r: { tablename: string }) => r.tablename);
        expect(tables).to.deep.equal(['knex_migrations', 'knex_migrations_lock']);
      } finally {
        await after.close();
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrate:make writes a TypeScript migration from our stub', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-knexmake-'));
    try {
      const made = await knexCli(['migrate:make', 'add_widgets', '--migrations-directory', dir], { YAVA_DATA_DIR: join(dir, 'data') });
      const file = /Created Migration: (\S+)/.exec(made.stdout)?.[1];
      expect(file).to.match(/\/\d{14}_add_widgets\.ts$/);
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(file!, 'utf8')).to.include('List it in migrations/index.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrate:latest on a fresh PostgreSQL database builds the schema the server builds (TEST_DATABASE_URL)', async function () {
    if (!usingPostgres()) this.skip();
    const serverDb = await getTestDb();
    const base = process.env.TEST_DATABASE_URL!;
    const name = `yava_knexfile_${randomBytes(4).toString('hex')}`;
    const admin = knexPkg.knex({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      await knexCli(['migrate:latest'], { DATABASE_URL: url.toString() });
      const cli = await createDatabase({ databaseUrl: url.toString(), poolMax: 1 });
      try {
        expect(await describeSchema(cli.knex)).to.deep.equal(await describeSchema(serverDb.knex));
      } finally {
        await cli.close();
      }
    } finally {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    }
  });
});
