import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox, InvalidEncryptionKeyError, parseEncryptionKey, resolveEncryptionKey } from '../../../core/calendars/secretBox.js';
import { ConfigError, loadConfig } from '../../../core/config.js';

describe('core/calendars/secretBox', () => {
  const key = randomBytes(32);

  it('seals with AES-256-GCM: a fresh IV each time, the plaintext nowhere in the output, opened back exactly', () => {
    const box = createSecretBox(key);
    const a = box.seal('refresh-token-123');
    const b = box.seal('refresh-token-123');
    expect(a).to.match(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.to.equal(b);
    expect(a).not.to.include('refresh-token');
    expect(box.open(a)).to.equal('refresh-token-123');
  });

  it('refuses a tampered value and a wrong key', () => {
    const sealed = createSecretBox(key).seal('secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(() => createSecretBox(key).open([...parts.slice(0, 3), body.toString('base64url')].join('.'))).to.throw();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).to.throw();
  });

  it('reads keys as 64 hex characters or base64 of 32 bytes, and nothing else', () => {
    expect(parseEncryptionKey(key.toString('hex')).equals(key)).to.equal(true);
    expect(parseEncryptionKey(key.toString('base64')).equals(key)).to.equal(true);
    expect(parseEncryptionKey(key.toString('base64url')).equals(key)).to.equal(true);
    expect(() => parseEncryptionKey('short')).to.throw(InvalidEncryptionKeyError);
  });

  it('configuration: refuses to start in production without YAVA_ENCRYPTION_KEY, and a malformed key anywhere', () => {
    const jwt = 'x'.repeat(40);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: jwt })).to.throw(
      ConfigError,
      /YAVA_ENCRYPTION_KEY: required in production/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: jwt, YAVA_ENCRYPTION_KEY: key.toString('base64') })
        .YAVA_ENCRYPTION_KEY,
    ).to.be.a('string');
    expect(() => loadConfig({ YAVA_ENCRYPTION_KEY: 'abc' })).to.throw(
      ConfigError,
      /YAVA_ENCRYPTION_KEY: expected 32 random bytes.*\(value hidden\)/,
    );
  });

  it('development: generates a key once, keeps it inside the data directory (0600) and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-key-'));
    try {
      const first = resolveEncryptionKey({ YAVA_DATA_DIR: join(dir, 'data') });
      expect(first).to.have.length(32);
      expect(statSync(join(dir, 'data', 'encryption-key')).mode & 0o777).to.equal(0o600);
      expect(existsSync(join(dir, 'encryption-key'))).to.equal(false);
      expect(resolveEncryptionKey({ YAVA_DATA_DIR: join(dir, 'data') }).equals(first)).to.equal(true);
      expect(resolveEncryptionKey({ YAVA_DATA_DIR: join(dir, 'data'), YAVA_ENCRYPTION_KEY: key.toString('hex') }).equals(key)).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves a key left next to the data directory inside it, and writes no file for an in-memory database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-key-'));
    const cwd = process.cwd();
    try {
      writeFileSync(join(dir, 'encryption-key'), key.toString('base64'));
      expect(resolveEncryptionKey({ YAVA_DATA_DIR: join(dir, 'data') }).equals(key)).to.equal(true);
      expect(existsSync(join(dir, 'encryption-key'))).to.equal(false);
      expect(existsSync(join(dir, 'data', 'encryption-key'))).to.equal(true);
      process.chdir(dir);
      rmSync(join(dir, 'data'), { recursive: true, force: true });
      expect(resolveEncryptionKey({ YAVA_DATA_DIR: 'memory://test' })).to.have.length(32);
      expect(readdirSync(dir)).to.deep.equal([]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
