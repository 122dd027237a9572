import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import { createHashPool } from '../../../core/auth/hashPool.js';
import { DomainError } from '../../../core/errors.js';

describe('createHashPool (bcrypt in worker threads)', () => {
  it('hashes and compares like bcryptjs, both ways', async () => {
    const pool = createHashPool({ workers: 2, queueLimit: 4 });
    try {
      const hash = await pool.hash('correct horse battery', 4);
      expect(hash).to.match(/^\$2[ab]\$04\$/);
      expect(await bcrypt.compare('correct horse battery', hash)).to.equal(true);
      expect(await pool.compare('correct horse battery', await bcrypt.hash('correct horse battery', 4))).to.equal(true);
      expect(await pool.compare('wrong horse battery', hash)).to.equal(false);
    } finally {
      await pool.close();
    }
  });

  it('runs at most `workers` at once, lets `queueLimit` wait, and refuses the rest with server_busy and a Retry-After', async () => {
    const pool = createHashPool({ workers: 1, queueLimit: 2 });
    try {
      const jobs = Array.from({ length: 5 }, () => pool.hash('a password to hash', 10));
      expect(pool.load()).to.deep.equal({ running: 1, queued: 2, workers: 1 });
      const settled = await Promise.allSettled(jobs);
      expect(settled.filter((s) => s.status === 'fulfilled')).to.have.length(3);
      const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason);
      expect(refused).to.have.length(2);
      for (const error of refused) {
        expect(error).to.be.instanceOf(DomainError);
        expect(error.code).to.equal('server_busy');
        expect(error.retryAfterSeconds).to.be.at.least(1);
      }
      expect(pool.load()).to.deep.equal({ running: 0, queued: 0, workers: 1 });
    } finally {
      await pool.close();
    }
  });

  it('counts places held by withReservation before their hash is submitted', async () => {
    const pool = createHashPool({ workers: 1, queueLimit: 1 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((ok) => (release = ok));
      const first = pool.withReservation(async (h) => {
        await gate; // work before the hash (the throttle, a lookup) holds its place
        return h.hash('a password to hash', 4);
      });
      const second = pool.withReservation(async (h) => h.hash('a password to hash', 4));
      const third = pool.withReservation(async () => 'never runs');
      await third.then(
        () => expect.fail('a third place was given out'),
        (error: DomainError) => expect(error.code).to.equal('server_busy'),
      );
      release();
      expect(await first).to.match(/^\$2/);
      expect(await second).to.match(/^\$2/);
      expect(await pool.withReservation(async () => 'a place is free again')).to.equal('a place is free again');
    } finally {
      await pool.close();
    }
  });

  it('reports a bad hash as an error, and refuses work once closed', async () => {
    const pool = createHashPool({ workers: 1, queueLimit: 1 });
    await pool.compare('x', 'not a bcrypt hash').then(
      (ok) => expect(ok).to.equal(false),
      (error: Error) => expect(error.message).to.be.a('string'),
    );
    await pool.close();
    await pool.hash('a password to hash', 4).then(
      () => expect.fail('a closed pool hashed'),
      (error: Error) => expect(error.message).to.match(/closed/),
    );
  });
});
