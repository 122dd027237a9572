import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, type ECDH } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jwtVerify } from 'jose';

export interface ReceivedPush {
  path: string;
  headers: IncomingMessage['headers'];
  /** The payload, decrypted with the subscription's private key (RFC 8291, aes128gcm). */
  plaintext: string;
  /** The VAPID JWT's claims, after its ES256 signature checked out against the k= key. */
  vapid: { aud: string; sub: string; publicKey: string };
}

/** A browser's side of a subscription: the P-256 key pair and auth secret (what `PushManager.subscribe` makes). */
export interface FakeBrowserKeys {
  ecdh: ECDH;
  auth: Buffer;
  keys: { p256dh: string; auth: string };
}

export function makeBrowserKeys(): FakeBrowserKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
}

/** Decrypts one aes128gcm record (RFC 8188) sent to `browser` (RFC 8291 key derivation). */
export function decryptPush(body: Buffer, browser: FakeBrowserKeys): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const serverKey = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const secret = browser.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, browser.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('bad padding delimiter');
  return padded.subarray(0, end).toString('utf8');
}

async function checkVapid(header: string | undefined, origin: string): Promise<ReceivedPush['vapid']> {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(header ?? '');
  if (!m) throw new Error(`no VAPID authorization: ${header}`);
  const raw = Buffer.from(m[2]!, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  const { payload } = await jwtVerify(m[1]!, key, { audience: origin, algorithms: ['ES256'] });
  return { aud: String(payload.aud), sub: String(payload.sub), publicKey: m[2]! };
}

/**
 * A push service on https://127.0.0.1: each POST /push/<id> is checked (VAPID JWT, aes128gcm) and
 * decrypted with the keys of the browser registered under <id>; `answer` sets the status
 * per id (201 by default; 404/410 mean the subscription is gone).
 */
export async function startFakePushService() {
  const browsers = new Map<string, FakeBrowserKeys>();
  const answers = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const errors: string[] = [];
  // web-push speaks https only: the test certificate (fixtures/tls) is trusted via NODE_EXTRA_CA_CERTS.
  const tls = join(import.meta.dirname, 'fixtures', 'tls');
  const server = createServer({ key: readFileSync(join(tls, 'server-key.pem')), cert: readFileSync(join(tls, 'server.pem')) }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const id = (req.url ?? '').replace(/^\/push\//, '');
    const status = answers.get(id) ?? 201;
    try {
      const browser = browsers.get(id);
      if (!browser) throw new Error(`unknown subscription ${id}`);
      if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
      const vapid = await checkVapid(req.headers.authorization, origin);
      if (status === 201) received.push({ path: req.url ?? '', headers: req.headers, plaintext: decryptPush(Buffer.concat(chunks), browser), vapid });
    } catch (error) {
      errors.push(String((error as Error).message));
      res.writeHead(400).end();
      return;
    }
    res.writeHead(status).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    errors,
    /** A new browser subscription: its endpoint and keys (what the browser would POST to us). */
    subscribe(id: string) {
      const browser = makeBrowserKeys();
      browsers.set(id, browser);
      return { endpoint: `${origin}/push/${id}`, keys: browser.keys };
    },
    answer(id: string, status: number) {
      answers.set(id, status);
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export type FakePushService = Awaited<ReturnType<typeof startFakePushService>>;
