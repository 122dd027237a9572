/**
 * The sites allowed to frame a user's booking pages (embed.js): an allow-list of origins that
 * becomes the pages' `Content-Security-Policy: frame-ancestors` in embed mode. Empty: no site may.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

export const MAX_EMBED_ORIGINS = 20;

/**
 * "https://example.com" (or http:// for localhost and a port) as a browser writes an origin.
 * Throws validation_failed for a path, a query, credentials or another scheme.
 * @example normaliseOrigin('https://Example.com/') // 'https://example.com'
 */
export function normaliseOrigin(value: string): string {
  const invalid = () => new DomainError('validation_failed', `"${value}" is not an origin: use https://example.com (scheme, host and optional port, nothing else)`, { errors: [{ field: 'origins', message: `expected an origin like https://example.com (http:// only for localhost), not "${value}"` }] });
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid();
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local))) throw invalid();
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw invalid();
  return url.origin;
}

/** Replaces the user's allow-list (deduplicated, at most MAX_EMBED_ORIGINS); returns it. */
export async function setEmbedOrigins(db: Knex, userId: string, origins: string[]): Promise<string[]> {
  const list = [...new Set(origins.map(normaliseOrigin))];
  if (list.length > MAX_EMBED_ORIGINS) throw new DomainError('validation_failed', `At most ${MAX_EMBED_ORIGINS} origins`, { errors: [{ field: 'origins', message: `at most ${MAX_EMBED_ORIGINS}` }] });
  await db('users').where({ id: userId }).update({ embed_origins: list });
  return list;
}

export async function getEmbedOrigins(db: Knex, userId: string): Promise<string[]> {
  const row = await db('users').where({ id: userId }).first('embed_origins');
  return row?.embed_origins ?? [];
}
