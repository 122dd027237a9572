import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import { checkPassword, hashPassword, type PasswordHasher } from '../../../core/auth/passwords.js';

describe('core/auth/passwords', () => {
  const compared: string[] = [];
  const hasher: PasswordHasher = {
    hash: (password, cost) => bcrypt.hash(password, cost),
    compare: (password, hash) => {
      compared.push(hash);
      return bcrypt.compare(password, hash);
    },
  };

  it('hashes with bcrypt at the cost given, salted', async () => {
    const a = await hashPassword('correct horse battery', 4);
    expect(a).to.match(/^\$2[aby]\$04\$/);
    expect(a).to.not.equal(await hashPassword('correct horse battery', 4));
    expect(await bcrypt.compare('correct horse battery', a)).to.equal(true);
  });
  it('checks a password against its hash', async () => {
    const hash = await hashPassword('correct horse battery', 4);
    expect(await checkPassword(hasher, 'correct horse battery', hash, 4)).to.equal(true);
    expect(await checkPassword(hasher, 'wrong horse battery', hash, 4)).to.equal(false);
  });
  it('with no account, still compares against a real hash and answers false', async () => {
    compared.length = 0;
    expect(await checkPassword(hasher, 'yava-dummy-password', undefined, 4)).to.equal(false);
    expect(compared).to.have.length(1);
    expect(compared[0]).to.match(/^\$2[aby]\$04\$/);
  });
});
