import { verify, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';

/** Amazon's rule: a request older (or newer) than this is refused. */
export const ALEXA_MAX_SKEW_MS = 150_000;
const ALEXA_SAN = 'echo-api.amazon.com';

export interface AlexaVerifierDeps {
  clock: Clock;
  /** Downloads the PEM chain at an already checked URL (default: fetch). Injectable for tests. */
  fetchCertificate?: (url: string) => Promise<string>;
  /** PEM roots the chain must end in (default: Node's bundled Mozilla roots). */
  trustedRoots?: readonly string[];
}

export interface SignedAlexaRequest {
  /** The header SignatureCertChainUrl. */
  certUrl: string | undefined;
  /** The header Signature-256 (base64 RSA-SHA256 over the raw body). */
  signature: string | undefined;
  /** The body exactly as received. */
  rawBody: Buffer;
}

const reject = (why: string) => new DomainError('validation_failed', `Alexa request rejected: ${why}`);

/**
 * The certificate URL rules, after normalising the URL ("../" resolved, scheme and host
 * lower-cased, default port dropped): https, host s3.amazonaws.com, path under /echo.api/,
 * port 443 if any. Returns the normalised URL; throws validation_failed otherwise.
 */
export function checkCertUrl(raw: string | undefined): string {
  if (!raw) throw reject('the SignatureCertChainUrl header is missing');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw reject('SignatureCertChainUrl is not a URL');
  }
  const ok = url.protocol === 'https:' && url.hostname === 's3.amazonaws.com' && url.pathname.startsWith('/echo.api/') && (url.port === '' || url.port === '443');
  if (!ok) throw reject('SignatureCertChainUrl is not an Amazon certificate URL');
  return url.href;
}

/** The certificates of a PEM bundle, leaf first. */
export function splitPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/** The chain is valid at `now`, names echo-api.amazon.com, and each link is signed by the next, ending at a trusted root. */
export function checkChain(chain: X509Certificate[], roots: X509Certificate[], now: Date): void {
  const leaf = chain[0];
  if (!leaf) throw reject('the certificate chain is empty');
  for (const cert of chain) {
    if (Date.parse(cert.validFrom) > now.getTime() || Date.parse(cert.validTo) < now.getTime()) throw reject('a certificate in the chain is not valid now');
  }
  const names = (leaf.subjectAltName ?? '').split(/,\s*/);
  if (!names.includes(`DNS:${ALEXA_SAN}`)) throw reject(`the signing certificate is not for ${ALEXA_SAN}`);
  for (let i = 0; i + 1 < chain.length; i += 1) {
    if (!chain[i]!.checkIssued(chain[i + 1]!) || !chain[i]!.verify(chain[i + 1]!.publicKey)) throw reject('the certificate chain is broken');
  }
  const top = chain[chain.length - 1]!;
  const trusted = roots.some((root) => root.fingerprint256 === top.fingerprint256 || (top.checkIssued(root) && top.verify(root.publicKey)));
  if (!trusted) throw reject('the certificate chain does not end at a trusted root');
}

/**
 * Verifies an Alexa request as Amazon requires, before anything acts on it: the certificate URL
 * rules, the chain (fetched once per URL and cached until it expires), `Signature-256` over the
 * raw body, and the request timestamp within 150 s. Returns the parsed body.
 */
export function createAlexaVerifier({ clock, fetchCertificate = defaultFetch, trustedRoots = rootCertificates }: AlexaVerifierDeps) {
  const cache = new Map<string, Promise<X509Certificate[]>>();
  let roots: X509Certificate[] | null = null;

  function chainAt(url: string): Promise<X509Certificate[]> {
    const cached = cache.get(url);
    if (cached) return cached;
    const loading = fetchCertificate(url).then(splitPem);
    cache.set(url, loading);
    loading.catch(() => cache.delete(url));
    return loading;
  }

  return async function verifyAlexaRequest(request: SignedAlexaRequest): Promise<unknown> {
    const url = checkCertUrl(request.certUrl);
    if (!request.signature) throw reject('the Signature-256 header is missing');
    const now = clock.now();
    let chain: X509Certificate[];
    try {
      chain = await chainAt(url);
    } catch {
      throw reject('the signing certificate could not be fetched');
    }
    roots ??= trustedRoots.map((pem) => new X509Certificate(pem));
    try {
      checkChain(chain, roots, now);
    } catch (error) {
      if (chain.length && Date.parse(chain[0]!.validTo) < now.getTime()) cache.delete(url);
      throw error;
    }
    if (!verify('RSA-SHA256', request.rawBody, chain[0]!.publicKey, Buffer.from(request.signature, 'base64'))) throw reject('the signature does not match the body');
    let body: { request?: { timestamp?: unknown } };
    try {
      body = JSON.parse(request.rawBody.toString('utf8')) as typeof body;
    } catch {
      throw reject('the body is not JSON');
    }
    const at = typeof body.request?.timestamp === 'string' ? Date.parse(body.request.timestamp) : Number.NaN;
    if (!Number.isFinite(at) || Math.abs(now.getTime() - at) > ALEXA_MAX_SKEW_MS) throw reject('the request timestamp is more than 150 seconds from now');
    return body;
  };
}

async function defaultFetch(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`certificate fetch failed: ${res.status}`);
  return res.text();
}

export type AlexaVerifier = ReturnType<typeof createAlexaVerifier>;
