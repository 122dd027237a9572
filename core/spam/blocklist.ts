/**
 * The blocklist: e-mails, domains and networks that may not book. An entry without an owner
 * applies everywhere (admins manage those); a host's own entries apply to their bookings only.
 * Automatic bans (bursts) are entries with `automatic` and an expiry.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { isEmailAddress } from '../text.js';
import { isAddressInNetwork, parseNetwork } from './network.js';

export type BlockKind = 'email' | 'domain' | 'network';

export interface BlockEntry {
  id: string;
  kind: BlockKind;
  value: string;
  ownerUserId: string | null;
  reason: string | null;
  automatic: boolean;
  expiresAt: string | null;
  createdAt: string;
}

export interface NewBlockEntry {
  kind: BlockKind;
  value: string;
  ownerUserId: string | null;
  createdByUserId?: string | null;
  reason?: string | null;
  expiresAt?: Date | null;
  automatic?: boolean;
}

interface BlockRow {
  id: string;
  kind: BlockKind;
  value: string;
  owner_user_id: string | null;
  reason: string | null;
  automatic: boolean;
  expires_at: Date | null;
  created_at: Date;
}

const toEntry = (r: BlockRow): BlockEntry => ({
  id: r.id,
  kind: r.kind,
  value: r.value,
  ownerUserId: r.owner_user_id,
  reason: r.reason,
  automatic: r.automatic,
  expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * The stored form of a value: e-mails and domains lower-cased, networks as CIDR.
 * Throws validation_failed for a value that is not of its kind.
 */
export function normaliseBlockValue(kind: BlockKind, value: string): string {
  const v = value.trim().toLowerCase();
  const invalid = (message: string) => new DomainError('validation_failed', message, { errors: [{ field: 'value', message }] });
  if (kind === 'email') {
    if (!isEmailAddress(v)) throw invalid('expected an e-mail address');
    return v;
  }
  if (kind === 'domain') {
    const d = v.replace(/^@/, '');
    if (!/^([a-z0-9-]+\.)+[a-z0-9-]{2,}$/.test(d)) throw invalid('expected a domain such as example.com');
    return d;
  }
  const net = parseNetwork(v);
  if (!net) throw invalid('expected an IP address or a CIDR network such as 203.0.113.0/24');
  return net.text;
}

/** Adds an entry (value normalised). Throws validation_failed. */
export async function addBlockEntry(db: Knex, entry: NewBlockEntry, now: Date): Promise<BlockEntry> {
  const [row] = await db('spam_blocklist')
    .insert({
      kind: entry.kind,
      value: normaliseBlockValue(entry.kind, entry.value),
      owner_user_id: entry.ownerUserId,
      created_by_user_id: entry.createdByUserId ?? null,
      reason: entry.reason ?? null,
      automatic: entry.automatic ?? false,
      expires_at: entry.expiresAt ?? null,
      created_at: now,
    })
    .returning('*');
  return toEntry(row);
}

/**
 * An automatic, global ban of `kind`/`value` until `expiresAt`, unless an unexpired global entry
 * for the same value already bans it (then nothing is added and null returned): a burst that
 * goes on after its ban must not pile up bans. Run it in a transaction: a transaction advisory
 * lock on the value makes two concurrent attempts add one ban, not two.
 */
export async function addAutomaticBan(trx: Knex.Transaction, entry: Omit<NewBlockEntry, 'ownerUserId' | 'automatic'> & { expiresAt: Date }, now: Date): Promise<BlockEntry | null> {
  const value = normaliseBlockValue(entry.kind, entry.value);
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`yava:spam-ban:${entry.kind}:${value}`]);
  const banned = await trx('spam_blocklist')
    .where({ kind: entry.kind, value })
    .whereNull('owner_user_id')
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', now))
    .first('id');
  if (banned) return null;
  return addBlockEntry(trx, { ...entry, value, ownerUserId: null, automatic: true }, now);
}

/** Entries of one owner (null: the global list), unexpired ones unless `all`. */
export async function listBlockEntries(db: Knex, ownerUserId: string | null, now: Date, all = false): Promise<BlockEntry[]> {
  const q = db('spam_blocklist').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]);
  if (ownerUserId) q.where({ owner_user_id: ownerUserId });
  else q.whereNull('owner_user_id');
  if (!all) q.where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', now));
  return (await q.select('*')).map(toEntry);
}

/** Removes one entry of that owner (null: the global list). Throws not_found. */
export async function removeBlockEntry(db: Knex, id: string, ownerUserId: string | null): Promise<BlockEntry> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('not_found', 'No such blocklist entry');
  const q = db('spam_blocklist').where({ id });
  if (ownerUserId) q.where({ owner_user_id: ownerUserId });
  else q.whereNull('owner_user_id');
  const [row] = await q.delete().returning('*');
  if (!row) throw new DomainError('not_found', 'No such blocklist entry');
  return toEntry(row);
}

export interface BlockProbe {
  email: string;
  domain: string;
  address: string | null;
  /** The hosts of the event type: their own entries count too. */
  hostIds: readonly string[];
  now: Date;
}

/** The unexpired entries (global, or of one of the hosts) that match the attempt. */
export async function matchBlockEntries(db: Knex, probe: BlockProbe): Promise<BlockEntry[]> {
  const parts = probe.domain.split('.');
  const domains = parts.slice(0, -1).map((_, i) => parts.slice(i).join('.'));
  const rows: BlockRow[] = await db('spam_blocklist')
    .where((w) => w.whereNull('owner_user_id').orWhereIn('owner_user_id', probe.hostIds as string[]))
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', probe.now))
    .where((w) =>
      w
        .where({ kind: 'email', value: probe.email.toLowerCase() })
        .orWhere((d) => d.where({ kind: 'domain' }).whereIn('value', domains.length ? domains : ['']))
        .orWhere({ kind: 'network' }),
    )
    .select('*');
  return rows.filter((r) => r.kind !== 'network' || (probe.address !== null && isAddressInNetwork(probe.address, r.value))).map(toEntry);
}
