/**
 * Custom domains: book.example.com serves one user's booking pages. The owner adds the domain,
 * proves control with its token (a DNS TXT record `_yava-verification.<domain>` =
 * `yava-verification=<token>`, or the token at `http://<domain>/.well-known/yava-verification.txt`,
 * which this server answers itself once the domain points here), and from then on a request
 * whose Host is that domain is that user's site.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

export interface CustomDomain {
  domain: string;
  verified: boolean;
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

type Row = { domain: string; verification_token: string; verified_at: Date | string | null };
const present = (row: Row): CustomDomain => ({
  domain: row.domain,
  verified: row.verified_at !== null,
  verifiedAt: row.verified_at ? new Date(row.verified_at).toISOString() : null,
  verificationToken: row.verification_token,
  txtRecord: { name: `_yava-verification.${row.domain}`, value: `yava-verification=${row.verification_token}` },
  httpUrl: `http://${row.domain}${VERIFICATION_PATH}`,
});

export function createCustomDomains({ db, probes, clock }: { db: Knex; probes: DomainProbes; clock: { now(): Date } }) {
  async function own(userId: string, domain: string): Promise<Row> {
    const row = await db('custom_domains').where({ domain: normaliseDomain(domain), owner_user_id: userId }).first();
    if (!row) throw new DomainError('not_found', `No domain ${domain} on your account`);
    return row;
  }
  return {
    /** Adds a domain (unverified) with a new token. Throws conflict when anyone already has it. */
    async add(userId: string, domain: string): Promise<CustomDomain> {
      const name = normaliseDomain(domain);
      const [row] = await db('custom_domains').insert({ domain: name, owner_user_id: userId, verification_token: randomBytes(18).toString('base64url') }).onConflict('domain').ignore().returning('*');
      if (!row) throw new DomainError('conflict', `${name} is already added to an account`);
      return present(row);
    },
    async list(userId: string): Promise<CustomDomain[]> {
      return (await db('custom_domains').where({ owner_user_id: userId }).orderBy('domain')).map(present);
    },
    async remove(userId: string, domain: string): Promise<void> {
      await own(userId, domain);
      await db('custom_domains').where({ domain: normaliseDomain(domain) }).delete().returning('id');
    },
    /** Checks the TXT record, then the HTTP file. Throws unprocessable (details.reason) when neither shows the token. */
    async verify(userId: string, domain: string): Promise<CustomDomain> {
      const row = await own(userId, domain);
      const expected = `yava-verification=${row.verification_token}`;
      const txt = await probes.txt(`_yava-verification.${row.domain}`).catch(() => null);
      const viaDns = txt?.some((t) => t.trim() === expected) ?? false;
      const viaHttp = !viaDns && (await probes.http(row.domain, VERIFICATION_PATH).catch(() => null))?.trim() === row.verification_token;
      if (!viaDns && !viaHttp) throw new DomainError('unprocessable', `Could not verify ${row.domain}: add the TXT record ${present(row).txtRecord.name} = "${expected}", or point the domain at this server, then try again`, { details: { reason: 'domain_not_verified' } });
      const [updated] = await db('custom_domains').where({ domain: row.domain }).update({ verified_at: clock.now() }).returning('*');
      return present(updated);
    },
    /** The username whose site a verified domain is, or null. */
    async ownerOf(host: string): Promise<{ user: string | null; token: string } | null> {
      const row = await db('custom_domains as d').join('users as u', 'u.id', 'd.owner_user_id').where('d.domain', host.toLowerCase()).first('u.username', 'd.verified_at', 'd.verification_token');
      if (!row) return null;
      return { user: row.verified_at ? row.username : null, token: row.verification_token };
    },
  };
}

export type CustomDomains = ReturnType<typeof createCustomDomains>;
