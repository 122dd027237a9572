import { expect } from 'chai';
import { generateSecret, hashSecret, safeEqual } from '../../../core/auth/secrets.js';

describe('core/auth/secrets', () => {
  it('generates distinct URL-safe secrets behind the prefix, 32 random bytes by default', () => {
    const a = generateSecret('yava_pat_');
    const b = generateSecret('yava_pat_');
    expect(a).to.match(/^yava_pat_[A-Za-z0-9_-]{43}$/);
    expect(a).to.not.equal(b);
    expect(generateSecret('x_', 8)).to.match(/^x_[A-Za-z0-9_-]{11}$/);
  });
  it('hashes a secret to its SHA-256 hex, the same every time', () => {
    expect(hashSecret('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashSecret('abc')).to.equal(hashSecret('abc'));
  });
  it('compares in constant time, false for another length or content', () => {
    expect(safeEqual('abc', 'abc')).to.equal(true);
    expect(safeEqual('abc', 'abd')).to.equal(false);
    expect(safeEqual('abc', 'abcd')).to.equal(false);
  });
});
