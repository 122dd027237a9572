// A minimal S3-compatible server (node:http on 127.0.0.1) speaking the path-style PutObject /
// GetObject wire format that @aws-sdk/client-s3 uses, so tests drive the real client. It checks
// the SigV4 Authorization header names the expected access key and that the payload matches
// x-amz-content-sha256; `aws-chunked` bodies are decoded. Objects are kept in memory.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3Object {
  body: Buffer;
  contentType: string | undefined;
}

export interface FakeS3 {
  url: string;
  objects: Map<string, FakeS3Object>;
  requests: Array<{ method: string; path: string; authorization: string | undefined }>;
  close(): Promise<void>;
}

/** Decodes `aws-chunked` framing: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n` [trailers]. */
function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (!size) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFakeS3(options: { bucket: string; accessKeyId: string }): Promise<FakeS3> {
  const objects = new Map<string, FakeS3Object>();
  const requests: FakeS3['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = decodeURIComponent(url.pathname);
      requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization });
      const fail = (status: number, code: string, message: string) => res.writeHead(status, { 'content-type': 'application/xml' }).end(xmlError(code, message));
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/`)) return fail(403, 'InvalidAccessKeyId', 'unknown key');
      const [, bucket, ...rest] = path.split('/');
      const key = rest.join('/');
      if (bucket !== options.bucket) return fail(404, 'NoSuchBucket', 'no such bucket');
      if (req.method === 'PUT' && key) {
        const raw = Buffer.concat(chunks);
        const body = String(req.headers['content-encoding'] ?? '').includes('aws-chunked') ? decodeAwsChunked(raw) : raw;
        const declared = String(req.headers['x-amz-content-sha256'] ?? '');
        if (/^[0-9a-f]{64}$/.test(declared) && declared !== createHash('sha256').update(raw).digest('hex')) return fail(400, 'XAmzContentSHA256Mismatch', 'payload hash mismatch');
        objects.set(key, { body, contentType: req.headers['content-type'] });
        return res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
      }
      if (req.method === 'GET' && key) {
        const o = objects.get(key);
        if (!o) return fail(404, 'NoSuchKey', 'no such key');
        return res.writeHead(200, { 'content-type': o.contentType ?? 'application/octet-stream', 'content-length': o.body.length }).end(o.body);
      }
      fail(405, 'MethodNotAllowed', 'not supported by the fake');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
