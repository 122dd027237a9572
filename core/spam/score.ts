/**
 * The spam decision from what is known about one booking attempt: pure, so every rule is
 * tested with plain values. Each rule that fires adds a reason; the strongest reason decides.
 */

export type SpamDecision = 'allow' | 'challenge' | 'block';

export type SpamReasonCode =
  | 'blocklisted_email'
  | 'blocklisted_domain'
  | 'blocklisted_network'
  | 'disposable_domain'
  | 'no_mx_record'
  | 'honeypot_filled'
  | 'burst_address'
  | 'burst_network'
  | 'burst_email'
  | 'form_too_fast'
  | 'link_in_text'
  | 'repeated_no_shows';

export interface SpamReason {
  code: SpamReasonCode;
  /** A sentence for the admin log (never shown to the booker). */
  detail: string;
}

/** What the service gathered about the attempt (counts include this attempt). */
export interface SpamSignals {
  email: string;
  domain: string;
  blocklisted: Array<{ kind: 'email' | 'domain' | 'network'; value: string }>;
  disposable: boolean;
  /** False when the MX check ran and found no mail server; null when it did not run. */
  hasMx: boolean | null;
  honeypotFilled: boolean;
  /** Seconds between the booking form being shown and sent; null off the booking page. */
  formSeconds: number | null;
  linkInText: boolean;
  firstTimeBooker: boolean;
  noShows: number;
  recent: { address: number; network: number; email: number };
}

export interface SpamPolicy {
  burstWindowSeconds: number;
  burstPerAddress: number;
  burstPerNetwork: number;
  burstPerEmail: number;
  minFormSeconds: number;
  noShowLimit: number;
}

const BLOCKING: ReadonlySet<SpamReasonCode> = new Set(['blocklisted_email', 'blocklisted_domain', 'blocklisted_network', 'disposable_domain', 'no_mx_record', 'honeypot_filled', 'burst_address', 'burst_network', 'burst_email']);

/** The reasons that ban the sender automatically (with an expiry) rather than refuse once. */
export const BANNING: ReadonlySet<SpamReasonCode> = new Set(['burst_address', 'burst_network', 'burst_email']);

function burstReasons(s: SpamSignals, p: SpamPolicy): SpamReason[] {
  const out: SpamReason[] = [];
  const window = `${p.burstWindowSeconds} s`;
  if (s.recent.address > p.burstPerAddress) out.push({ code: 'burst_address', detail: `${s.recent.address} attempts from this address in ${window} (limit ${p.burstPerAddress})` });
  if (s.recent.network > p.burstPerNetwork) out.push({ code: 'burst_network', detail: `${s.recent.network} attempts from this network in ${window} (limit ${p.burstPerNetwork})` });
  if (s.recent.email > p.burstPerEmail) out.push({ code: 'burst_email', detail: `${s.recent.email} attempts with this e-mail in ${window} (limit ${p.burstPerEmail})` });
  return out;
}

/**
 * Decides allow | challenge | block and says why.
 * - block: blocklisted e-mail/domain/network, disposable domain, no MX record (when checked),
 *   honeypot filled, a burst per address, network or e-mail over the window;
 * - challenge (confirm by e-mail first): a link in the name or notes from a first-time booker,
 *   a form sent faster than a person fills it, repeated no-shows by that e-mail;
 * - allow: none of these.
 *
 * @example scoreBooking({ ...signals, disposable: true }, policy).decision // 'block'
 */
export function scoreBooking(s: SpamSignals, p: SpamPolicy): { decision: SpamDecision; reasons: SpamReason[] } {
  const reasons: SpamReason[] = s.blocklisted.map((b) => ({ code: `blocklisted_${b.kind}` as SpamReasonCode, detail: `${b.kind} ${b.value} is on the blocklist` }));
  if (s.disposable) reasons.push({ code: 'disposable_domain', detail: `${s.domain} is a disposable-address provider` });
  if (s.hasMx === false) reasons.push({ code: 'no_mx_record', detail: `${s.domain} has no mail server (MX)` });
  if (s.honeypotFilled) reasons.push({ code: 'honeypot_filled', detail: 'the hidden form field was filled in (a bot)' });
  reasons.push(...burstReasons(s, p));
  if (s.formSeconds !== null && s.formSeconds < p.minFormSeconds) reasons.push({ code: 'form_too_fast', detail: `form sent ${s.formSeconds.toFixed(1)} s after it was shown (minimum ${p.minFormSeconds} s)` });
  if (s.linkInText && s.firstTimeBooker) reasons.push({ code: 'link_in_text', detail: 'a first-time booker put a link in the name or notes' });
  if (s.noShows >= p.noShowLimit) reasons.push({ code: 'repeated_no_shows', detail: `${s.noShows} earlier no-shows with this e-mail (limit ${p.noShowLimit})` });
  const decision: SpamDecision = reasons.some((r) => BLOCKING.has(r.code)) ? 'block' : reasons.length ? 'challenge' : 'allow';
  return { decision, reasons };
}
