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

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// A real hash to compare against when the account does not exist, so a login for an
// unknown email costs as much time as one for a known email.
let dummyHash: string | undefined;
export async function burnPasswordCheck(password: string, cost: number): Promise<void> {
  dummyHash ??= await bcrypt.hash('yava-dummy-password', cost);
  await bcrypt.compare(password, dummyHash);
}
