import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../cli/exitCodes.js';
import { createDatabase } from '../../core/db/knex.js';
import { migrateLatest } from '../../core/db/migrate.js';
import { tempConfigHome, yava } from './helpers.js';

describe('yava admin unlock <email> (local database)', function () {
  this.timeout(120_000);
  let dir: string;
  let home: ReturnType<typeof tempConfigHome>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'yava-unlock-'));
    home = tempConfigHome();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    home.cleanup();
  });
  const env = () => ({ YAVA_DATA_DIR: join(dir, 'data'), DATABASE_URL: undefined, XDG_CONFIG_HOME: home.dir });
  const keys = async () => {
    const database = await createDatabase({ dataDir: join(dir, 'data') });
    try {
      await migrateLatest(database.knex);
      return { database, rows: (await database.knex('login_throttle').orderBy('key').pluck('key')) as string[] };
    } catch (error) {
      await database.close();
      throw error;
    }
  };

  it('clears every address\u2019s attempts on the account (and, with --address, that address), nothing else', async () => {
    const { database } = await keys();
    try {
      const at = new Date();
      const row = (key: string) => ({ key, failures: 9, window_started_at: at, locked_until: new Date(at.getTime() + 600_000) });
      await database.knex('login_throttle').insert([row('pair:ada@example.com|203.0.113.1'), row('pair:ada@example.com|203.0.113.2'), row('ip:203.0.113.1'), row('pair:bob@example.com|203.0.113.1'), row('pair:ada@example.com.evil|203.0.113.1')]);
    } finally {
      await database.close();
    }
    const res = await yava(['admin', 'unlock', 'ADA@example.com', '--json'], { env: env() });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.deep.equal({ email: 'ada@example.com', address: null, cleared: 2 });
    const again = await yava(['admin', 'unlock', 'bob@example.com', '--address', '203.0.113.1'], { env: env() });
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain('Cleared 2 throttle entries for bob@example.com');
    const after = await keys();
    await after.database.close();
    expect(after.rows).to.deep.equal(['pair:ada@example.com.evil|203.0.113.1']);
  });

  it('needs an email: exit 2 naming what to type', async () => {
    const res = await yava(['admin', 'unlock', 'not-an-email'], { env: env() });
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr).to.contain('yava admin unlock ada@example.com');
  });

  it('refuses an --address that is not an IP address: exit 2 naming the flag', async () => {
    const res = await yava(['admin', 'unlock', 'ada@example.com', '--address', 'not-an-ip'], { env: env() });
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr).to.contain('--address: "not-an-ip" is not an IP address');
  });
});
