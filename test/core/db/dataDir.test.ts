import { expect } from 'chai';
import { openToOthers } from '../../helpers/files.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from '../../../core/db/dataDir.js';
import { createDatabase } from '../../../core/db/knex.js';

describe('core/db/dataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yava-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeLock = (pid: number, host = hostname()) => writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host, since: new Date().toISOString() }));

  it('writes the owner pid, refuses a second owner naming it, and removes the file on release', () => {
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).to.include({ pid: process.pid, host: hostname() });
    expect(() => acquireDataDirLock(dir)).to.throw(DataDirLockedError, `in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).to.equal(false);
    acquireDataDirLock(dir).release();
  });

  it('refuses while another live process holds the lock', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeLock(other.pid!);
      expect(() => acquireDataDirLock(dir)).to.throw(DataDirLockedError, `in use by process ${other.pid}`);
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).to.equal(other.pid);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a dead process (and one left by an earlier life of our own pid)', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeLock(Number(dead.stdout));
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).to.equal(process.pid);
    lock.release();
    writeLock(process.pid); // a container's pid 1 restarted: the pid is ours, but we never took it
    acquireDataDirLock(dir).release();
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12'); // half-written by a process that died
    acquireDataDirLock(dir).release();
  });

  it('never takes a lock owned by another host, since it cannot check that process', () => {
    writeLock(process.pid, 'some-other-host');
    expect(() => acquireDataDirLock(dir)).to.throw(DataDirLockedError, 'process ' + process.pid + ' on host some-other-host');
  });

  it('opens the embedded database 0700/0600 whatever the umask, and locks it until closed', async function () {
    this.timeout(60_000);
    const saved = process.umask(0);
    try {
      const dataDir = join(dir, 'data');
      const database = await createDatabase({ dataDir });
      try {
        await database.knex.raw('CREATE TABLE secrets (v text)');
        await database.knex('secrets').insert({ v: 'hash' });
        expect(openToOthers(dataDir)).to.deep.equal([]);
        let refused: unknown;
        await createDatabase({ dataDir }).then((d) => d.close(), (e: unknown) => (refused = e));
        expect(refused).to.be.instanceOf(DataDirLockedError);
      } finally {
        await database.close();
      }
      expect(existsSync(join(dataDir, LOCK_FILE))).to.equal(false);
    } finally {
      process.umask(saved);
    }
  });
});
