/**
 * Custom domains: book.example.com serves one user's booking pages. The owner adds the domain,
 * proves control with its token (a DNS TXT record `_yava-verification.<domain>` =
 * `yava-verification=<token>`, or the token at `http://<domain>/.well-known/yava-verification.txt`,
 * which this server answers itself once the domain points here), and from then on a request
 * whose Host is that domain is that user's site.
 *
 * The HTTP check shows only that the domain points at this server, not who owns it: it settles a
 * claim no other account makes, and nothing more. Several accounts may claim a domain until one
 * proves it; a proof by DNS (which only the domain's owner can give) takes the domain over from a
 * claim proved over HTTP and ends the other claims, so the real owner can always get it back.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

export interface CustomDomain {
  domain: string;
  verified: boolean;
  /** How control was proved: 'dns' (the TXT record) or 'http' (the domain points here); null until verified. */
  verifiedVia: 'dns' | 'http' | null;
  /** Another account claims the domain too: only the TXT record can settle it. */
  contested: boolean;
  verifiedAt: string | null;
  verificationToken: string;
  txtRecord: { name: string; value: string };
  httpUrl: string;
}

/** How a domain's control is checked: each returns what it found (TXT strings, the HTTP body), or null. */
export interface DomainProbes {
  txt(name: string): Promise<string[] | null>;
  http(domain: string, path: string): Promise<string | null>;
}

export const VERIFICATION_PATH = '/.well-known/yava-verification.txt';
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "Book.Example.com." → "book.example.com". Throws validation_failed for anything that is not a host name. */
export function normaliseDomain(value: string): string {
  const domain = value.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN.test(domain)) throw new DomainError('validation_failed', `"${value}" is not a domain name like book.example.com`, { errors: [{ field: 'domain', message: 'expected a domain name' }] });
  return domain;
}

type Row = { id: string; domain: string; owner_user_id: string | null; verification_token: string; verified_at: Date | string | null; verified_via: 'dns' | 'http' | null; claims?: number | string };
const present = (row: Row): CustomDomain => ({
  domain: row.domain,
  verified: row.verified_at !== null,
  verifiedVia: row.verified_via,
  contested: Number(row.claims ?? 1) > 1,
  verifiedAt: row.verified_at ? new Date(row.verified_at).toISOString() : null,
  verificationToken: row.verification_token,
  txtRecord: { name: `_yava-verification.${row.domain}`, value: `yava-verification=${row.verification_token}` },
  httpUrl: `http://${row.domain}${VERIFICATION_PATH}`,
});

const conflict = (message: string) => new DomainError('conflict', message);

/** Changes to one domain's claims go one at a time. */
const lockDomain = (trx: Knex.Transaction, domain: string) => trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:custom-domain:${domain}`]);

export function createCustomDomains({ db, probes, clock }: { db: Knex; probes: DomainProbes; clock: { now(): Date } }) {
  const withClaims = (q: Knex.QueryBuilder) => q.select('d.*', db.raw('(SELECT count(*) FROM custom_domains c WHERE c.domain = d.domain) AS claims'));
  async function own(userId: string, domain: string): Promise<Row> {
    const row = await withClaims(db('custom_domains as d').where({ 'd.domain': normaliseDomain(domain), 'd.owner_user_id': userId })).first();
    if (!row) throw new DomainError('not_found', `No domain ${domain} on your account`);
    return row;
  }

  /** Settles the claim `row` by the proof `via` (under the domain's lock); null when HTTP cannot settle it. */
  async function settle(row: Row, via: 'dns' | 'http'): Promise<Row | null> {
    return db.transaction(async (trx) => {
      await lockDomain(trx, row.domain);
      const others: Row[] = await trx('custom_domains').where({ domain: row.domain }).whereNot({ id: row.id });
      if (via === 'http' && others.length > 0) return null;
      // DNS proves ownership: every other claim of the domain ends, a site verified over HTTP too.
      if (others.length) await trx('custom_domains').whereIn('id', others.map((o) => o.id)).delete();
      const [updated] = await trx('custom_domains').where({ id: row.id }).update({ verified_at: clock.now(), verified_via: via }).returning('*');
      return updated;
    });
  }

  return {
    /**
     * Adds a domain (unverified) with a new token. Throws conflict when it is already on this
     * account, or another account proved it by DNS. A claim of another account that is unverified
     * or proved over HTTP does not stop it: the new claim is `contested` until settled by DNS.
     */
    async add(userId: string, domain: string): Promise<CustomDomain> {
      const name = normaliseDomain(domain);
      const row = await db.transaction(async (trx) => {
        await lockDomain(trx, name);
        const claims: Row[] = await trx('custom_domains').where({ domain: name });
        if (claims.some((c) => c.owner_user_id === userId)) throw conflict(`${name} is already on your account`);
        if (claims.some((c) => c.verified_via === 'dns')) throw conflict(`${name} is already added to an account`);
        const [inserted] = await trx('custom_domains').insert({ domain: name, owner_user_id: userId, verification_token: randomBytes(18).toString('base64url') }).returning('*');
        return { ...inserted, claims: claims.length + 1 };
      });
      return present(row);
    },
    async list(userId: string): Promise<CustomDomain[]> {
      return (await withClaims(db('custom_domains as d').where({ 'd.owner_user_id': userId }).orderBy('d.domain'))).map(present);
    },
    async remove(userId: string, domain: string): Promise<void> {
      const row = await own(userId, domain);
      await db('custom_domains').where({ id: row.id }).delete();
    },
    /**
     * Checks the TXT record, then (when no other account claims the domain) the HTTP file.
     * Throws unprocessable (details.reason domain_not_verified) when neither settles it.
     */
    async verify(userId: string, domain: string): Promise<CustomDomain> {
      const row = await own(userId, domain);
      const expected = `yava-verification=${row.verification_token}`;
      const txt = await probes.txt(`_yava-verification.${row.domain}`).catch(() => null);
      const viaDns = txt?.some((t) => t.trim() === expected) ?? false;
      const contested = Number(row.claims ?? 1) > 1;
      const viaHttp = !viaDns && !contested && (await probes.http(row.domain, VERIFICATION_PATH).catch(() => null))?.trim() === row.verification_token;
      const settled = viaDns || viaHttp ? await settle(row, viaDns ? 'dns' : 'http') : null;
      if (!settled) {
        const how = contested
          ? `another account claims ${row.domain} too, so pointing it here cannot show whose it is: add the TXT record ${present(row).txtRecord.name} = "${expected}", then try again`
          : `add the TXT record ${present(row).txtRecord.name} = "${expected}", or point the domain at this server, then try again`;
        throw new DomainError('unprocessable', `Could not verify ${row.domain}: ${how}`, { details: { reason: 'domain_not_verified', contested } });
      }
      return present({ ...settled, claims: 1 });
    },
    /**
     * Who a domain's site is (the username of its verified claim, else null) and the token its
     * verification file answers with: the one claim's, or null when several accounts claim it.
     */
    async ownerOf(host: string): Promise<{ user: string | null; token: string | null } | null> {
      const rows: Array<{ username: string; verified_at: Date | null; verification_token: string }> = await db('custom_domains as d')
        .join('users as u', 'u.id', 'd.owner_user_id')
        .where('d.domain', host.toLowerCase())
        .select('u.username', 'd.verified_at', 'd.verification_token');
      if (rows.length === 0) return null;
      const verified = rows.find((r) => r.verified_at);
      return { user: verified?.username ?? null, token: rows.length === 1 ? rows[0]!.verification_token : null };
    },
  };
}

export type CustomDomains = ReturnType<typeof createCustomDomains>;
