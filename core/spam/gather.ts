/** Reads what the spam check needs about one attempt from the database (and DNS, when enabled). */
import { promises as dns } from 'node:dns';
import type { Knex } from 'knex';
import { matchBlockEntries } from './blocklist.js';
import { countRecentAttempts } from './decisions.js';
import type { SpamSignals } from './score.js';
import { emailDomain, hasLink, isDisposableDomain } from './signals.js';

/** Whether a domain has a mail server: false for "no such domain / no MX", null when DNS did not answer. */
export type MxResolver = (domain: string) => Promise<boolean | null>;

/** The system resolver, with a 3 s timeout (an unanswered lookup is "unknown", never a block). */
export const systemMxResolver: MxResolver = async (domain) => {
  const lookup = dns.resolveMx(domain).then(
    (records) => records.length > 0,
    (error: { code?: string }) => (error.code === 'ENOTFOUND' || error.code === 'ENODATA' ? false : null),
  );
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000).unref());
  return Promise.race([lookup, timeout]);
};

export interface AttemptFacts {
  email: string;
  name: string;
  notes: string | null;
  address: string | null;
  network: string | null;
  hostIds: readonly string[];
  honeypot: string | null;
  formSeconds: number | null;
  now: Date;
  windowSeconds: number;
  mx: MxResolver | null;
}

async function bookerHistory(db: Knex, email: string): Promise<{ kept: number; noShows: number }> {
  const { rows } = await db.raw<{ rows: Array<{ kept: number | string; no_shows: number | string }> }>(
    `SELECT count(*) FILTER (WHERE b.status IN ('scheduled', 'completed')) AS kept, count(*) FILTER (WHERE b.status = 'no_show') AS no_shows
       FROM booking_attendees a JOIN bookings b ON b.id = a.booking_id WHERE a.email = ?`,
    [email],
  );
  return { kept: Number(rows[0]!.kept), noShows: Number(rows[0]!.no_shows) };
}

/** Everything scoreBooking weighs; counts include this attempt. */
export async function gatherSignals(db: Knex, f: AttemptFacts): Promise<SpamSignals> {
  const email = f.email.trim().toLowerCase();
  const domain = emailDomain(email);
  const blocks = await matchBlockEntries(db, { email, domain, address: f.address, hostIds: f.hostIds, now: f.now });
  const recent = await countRecentAttempts(db, { address: f.address, network: f.network, email, since: new Date(f.now.getTime() - f.windowSeconds * 1000) });
  const history = await bookerHistory(db, email);
  const disposable = isDisposableDomain(domain);
  return {
    email,
    domain,
    blocklisted: blocks.map((b) => ({ kind: b.kind, value: b.value })),
    disposable,
    // No DNS lookup for a domain already refused, nor without SPAM_MX_CHECK.
    hasMx: f.mx && !disposable && domain ? await f.mx(domain) : null,
    honeypotFilled: Boolean(f.honeypot?.trim()),
    formSeconds: f.formSeconds,
    linkInText: hasLink(f.name) || hasLink(f.notes),
    firstTimeBooker: history.kept === 0,
    noShows: history.noShows,
    recent: { address: f.address ? recent.address + 1 : 0, network: f.network ? recent.network + 1 : 0, email: recent.email + 1 },
  };
}
