/**
 * One HTTP POST of a webhook body: node:http(s) with the SSRF-guarded lookup, a hard
 * timeout, no redirects followed, and at most 64 KiB of the answer read.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalPrivateAddress, type UrlPolicy } from './urls.js';

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
}

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  policy: UrlPolicy;
}

export function postWebhook(target: string, body: string, options: PostOptions): Promise<PostResult> {
  const url = new URL(target);
  const refused = literalPrivateAddress(url, options.policy);
  if (refused) return Promise.reject(refused);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Yava-Webhooks/1', ...options.headers },
        lookup: guardedLookup(options.policy) as never,
        timeout: options.timeoutMs,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65_536) res.destroy();
        });
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}
