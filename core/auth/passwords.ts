import bcrypt from 'bcryptjs';

const COMMON = new Set([
  'password', 'password1', 'password123', '123456789', '1234567890', 'qwertyuiop', 'iloveyou', 'letmein123',
  'welcome123', 'admin12345', 'changeme123', 'qwerty12345', 'passw0rd123', 'abc1234567', 'football123',
]);

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Why a password is too weak, or null when it is acceptable: at least 10 characters,
 * at most 128 (bcrypt reads 72 bytes), not a well-known password, not the email's name,
 * and more than a few distinct characters.
 */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (Buffer.byteLength(password) > 72) return 'password must be at most 72 bytes when encoded as UTF-8';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'password is one of the most common passwords; choose another';
  if (new Set(password).size < 5) return 'password repeats too few different characters';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'password must not contain your email name';
  return null;
}

/** Hashes and checks passwords; the API uses the worker pool (hashPool.ts). */
export interface PasswordHasher {
  hash(password: string, cost: number): Promise<string>;
  compare(password: string, hash: string): Promise<boolean>;
}

/** bcryptjs on the calling thread, for one-off work (demo seeding). */
export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

// A real hash to compare against when the account does not exist, so a login for an
// unknown email costs as much time as one for a known email.
const dummyHashes = new Map<number, Promise<string>>();

/**
 * Whether `password` matches `hash`; with no hash (no such account) it spends the same
 * work on a dummy hash and answers false.
 */
export async function checkPassword(hasher: PasswordHasher, password: string, hash: string | undefined, cost: number): Promise<boolean> {
  if (hash) return hasher.compare(password, hash);
  let dummy = dummyHashes.get(cost);
  if (!dummy) {
    dummy = hasher.hash('yava-dummy-password', cost);
    dummyHashes.set(cost, dummy);
    dummy.catch(() => dummyHashes.delete(cost));
  }
  await hasher.compare(password, await dummy);
  return false;
}
