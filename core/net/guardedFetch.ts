/**
 * `fetch` for servers users name themselves (a CalDAV server): node:http(s) with the SSRF-guarded
 * lookup of core/webhooks/urls.ts, so no request, nor a redirect it follows, reaches a loopback,
 * private or link-local address (cloud metadata) unless the policy allows it. The check runs at
 * connect time on the addresses really used, so DNS rebinding is caught too. Redirects are
 * followed (at most 5, each checked; Authorization is dropped when one leaves the origin) unless
 * `redirect: 'manual'`; an answer larger than `maxBytes` fails the request.
 *
 * @example const fetch = createGuardedFetch({ policy: { allowPrivate: false } })
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalPrivateAddress, type UrlPolicy } from '../webhooks/urls.js';

export interface GuardedFetchOptions {
  policy: UrlPolicy;
  /** The largest answer read (default 20 MiB). */
  maxBytes?: number;
}

const MAX_REDIRECTS = 5;
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

interface OneRequest {
  method: string;
  headers: Headers;
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
}

function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError('fetch: only string and byte bodies are supported');
}

function headersOf(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

function requestOnce(url: URL, init: OneRequest, policy: UrlPolicy, maxBytes: number): Promise<Response> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError(`fetch: ${url.protocol} URLs are not fetched`));
  const refused = literalPrivateAddress(url, policy);
  if (refused) return Promise.reject(refused);
  const headers = Object.fromEntries(init.headers);
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: init.method, headers, lookup: guardedLookup(policy) as never, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          reject(new Error(`the answer from ${url.host} is larger than ${maxBytes} bytes`));
          res.destroy();
        } else chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('aborted', () => reject(new Error(`the answer from ${url.host} was cut off`)));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const response = new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: headersOf(res.headers) });
        Object.defineProperty(response, 'url', { value: url.toString() });
        resolve(response);
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export function createGuardedFetch({ policy, maxBytes = 20 * 1024 * 1024 }: GuardedFetchOptions): typeof fetch {
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const one: OneRequest = { method: (init.method ?? 'GET').toUpperCase(), headers: new Headers(init.headers), body: bodyOf(init.body), signal: init.signal ?? undefined };
    for (let hop = 0; ; hop += 1) {
      const res = await requestOnce(url, one, policy, maxBytes);
      const location = res.headers.get('location');
      if (init.redirect === 'manual' || res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
      if (hop >= MAX_REDIRECTS) throw new TypeError(`fetch: more than ${MAX_REDIRECTS} redirects from ${url.host}`);
      const next = new URL(location, url);
      if (next.origin !== url.origin) one.headers.delete('authorization');
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && one.method === 'POST')) Object.assign(one, { method: 'GET', body: undefined });
      url = next;
    }
  };
  return guarded as typeof fetch;
}

/** Whether an error (or one it was caused by) is a refused private address. */
export function isPrivateAddressRefusal(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth += 1) {
    if (e.code === 'EPRIVATEADDRESS') return true;
  }
  return false;
}
