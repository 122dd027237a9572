/**
 * Secrets at rest (OAuth tokens, CalDAV app passwords): AES-256-GCM with a random 96-bit IV
 * per value, sealed as `v1.<iv>.<tag>.<ciphertext>` (base64url). The key comes from
 * YAVA_ENCRYPTION_KEY (32 bytes, as 64 hex characters or base64); a tampered value or a
 * wrong key fails to open rather than yielding garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export class InvalidEncryptionKeyError extends Error {
  constructor() {
    super('YAVA_ENCRYPTION_KEY: expected 32 random bytes as 64 hex characters or base64 (openssl rand -base64 32)');
    this.name = 'InvalidEncryptionKeyError';
  }
}

/** Reads a 32-byte key written as 64 hex characters or base64/base64url. Throws InvalidEncryptionKeyError. */
export function parseEncryptionKey(text: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, 'hex')
    : Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new InvalidEncryptionKeyError();
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new InvalidEncryptionKeyError();
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The key that seals calendar tokens at rest: YAVA_ENCRYPTION_KEY when set (configuration
 * requires it in production); otherwise a random one kept inside the data directory
 * (`encryption-key`, mode 0600), like the development JWT secret. A key left by older versions
 * next to the data directory is moved in, so sealed tokens stay readable. An in-memory
 * database gets a key for this run only (never a file in the working directory).
 */
export function resolveEncryptionKey(config: { YAVA_ENCRYPTION_KEY?: string; YAVA_DATA_DIR: string }): Buffer {
  if (config.YAVA_ENCRYPTION_KEY) return parseEncryptionKey(config.YAVA_ENCRYPTION_KEY);
  if (config.YAVA_DATA_DIR.startsWith('memory://')) return randomBytes(32);
  const dir = resolve(config.YAVA_DATA_DIR);
  const file = join(dir, 'encryption-key');
  const legacy = join(dir, '..', 'encryption-key');
  if (!existsSync(file) && existsSync(legacy)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    renameSync(legacy, file);
  }
  if (existsSync(file)) return parseEncryptionKey(readFileSync(file, 'utf8'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}
