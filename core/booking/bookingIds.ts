/**
 * Booking ids people can type: a full UUID, or any unique prefix of at least 8 characters of
 * one (as `git` takes hash prefixes, and as the CLI prints ids). A prefix is looked up as a
 * range of the primary key, so it costs one index scan whatever the table size.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { UUID_RE } from './records.js';

/** The shortest prefix accepted, and the length the CLI prints. */
export const MIN_BOOKING_ID_PREFIX = 8;
/** How many candidates a prefix may match before it is ambiguous whoever asks. */
const MAX_CANDIDATES = 20;

/** What a meeting id nobody may know about gets: the same for a missing one and for someone else's. */
export const bookingNotFound = () => new DomainError('booking_not_found', 'Meeting was not found');

/** Formats 32 hex digits as a UUID (8-4-4-4-12). */
function asUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The smallest and largest UUID starting with `prefix`, or null when `prefix` is not the start
 * of a UUID's written form (hex digits, hyphens only where a UUID has them) of 8+ characters.
 */
export function bookingIdRange(prefix: string): { low: string; high: string } | null {
  const text = prefix.toLowerCase();
  const hex = text.replace(/-/g, '');
  if (text.length < MIN_BOOKING_ID_PREFIX || !/^[0-9a-f]*$/.test(hex) || hex.length > 32) return null;
  const low = asUuid(hex.padEnd(32, '0'));
  if (!low.startsWith(text)) return null;
  return { low, high: asUuid(hex.padEnd(32, 'f')) };
}

/**
 * The full id of the booking `idOrPrefix` names. A prefix matching several bookings is narrowed
 * to those `canSee` accepts (the caller's own); still several → ambiguous_id listing them.
 *
 * Throws booking_not_found (no match, or not a possible id), ambiguous_id.
 *
 * @example resolveBookingId(db, '3f2a9c1e', (id) => isMine(id)) // '3f2a9c1e-…'
 */
export async function resolveBookingId(db: Knex, idOrPrefix: string, canSee: (id: string) => Promise<boolean>): Promise<string> {
  if (UUID_RE.test(idOrPrefix)) return idOrPrefix.toLowerCase();
  const range = bookingIdRange(idOrPrefix);
  if (!range) throw bookingNotFound();
  const rows: Array<{ id: string }> = await db('bookings').whereBetween('id', [range.low, range.high]).orderBy('id').limit(MAX_CANDIDATES + 1).select('id');
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) throw bookingNotFound();
  if (ids.length === 1) return ids[0]!;
  const visible: string[] = [];
  if (ids.length <= MAX_CANDIDATES) for (const id of ids) if (await canSee(id)) visible.push(id);
  if (visible.length === 1) return visible[0]!;
  if (visible.length === 0 && ids.length <= MAX_CANDIDATES) throw bookingNotFound();
  throw new DomainError('ambiguous_id', `The id "${idOrPrefix}" matches ${visible.length || 'many'} meetings; type more of it`, {
    errors: [{ field: 'id', message: 'ambiguous prefix: type more characters' }],
    details: { prefix: idOrPrefix, ...(visible.length ? { matches: visible } : {}) },
  });
}
