// A fake Zoom (node:http on 127.0.0.1): server-to-server OAuth (`POST /oauth/token?grant_type=
// account_credentials&account_id=…`, Basic client credentials), `POST /v2/users/me/meetings`
// (Bearer), PATCH/DELETE `/v2/meetings/:id`, and recording downloads (`GET /rec/download/:id`, Bearer download token).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeZoom {
  url: string;
  meetings: Array<Record<string, unknown>>;
  /** PATCH and DELETE /v2/meetings/:id received. */
  changes: Array<{ method: string; id: string; body?: Record<string, unknown> }>;
  tokenRequests: number;
  /** Files served at `${url}/rec/download/:id` to the given download token. */
  files: Map<string, Buffer>;
  downloadToken: string;
  close(): Promise<void>;
}

export async function startFakeZoom(options: { accountId: string; clientId: string; clientSecret: string }): Promise<FakeZoom> {
  const state = { meetings: [] as Array<Record<string, unknown>>, changes: [] as FakeZoom['changes'], tokenRequests: 0 };
  const files = new Map<string, Buffer>();
  const accessToken = 'zoom-access-token';
  const downloadToken = 'zoom-download-token';
  let nextId = 85_746_065_432;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const json = (status: number, payload: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      const auth = req.headers.authorization ?? '';
      if (req.method === 'POST' && url.pathname === '/oauth/token') {
        const basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
        if (auth !== basic || url.searchParams.get('grant_type') !== 'account_credentials' || url.searchParams.get('account_id') !== options.accountId) return json(401, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
        state.tokenRequests += 1;
        return json(200, { access_token: accessToken, token_type: 'bearer', expires_in: 3599, scope: 'meeting:write:admin' });
      }
      if (req.method === 'POST' && url.pathname === '/v2/users/me/meetings') {
        if (auth !== `Bearer ${accessToken}`) return json(401, { code: 124, message: 'Invalid access token.' });
        const input = JSON.parse(body) as Record<string, unknown>;
        state.meetings.push(input);
        const id = nextId++;
        return json(201, { id, uuid: `uuid-${id}==`, topic: input.topic, start_time: input.start_time, duration: input.duration, join_url: `https://zoom.example/j/${id}?pwd=abc`, settings: input.settings });
      }
      const meeting = /^\/v2\/meetings\/(\d+)$/.exec(url.pathname);
      if (meeting && (req.method === 'PATCH' || req.method === 'DELETE')) {
        if (auth !== `Bearer ${accessToken}`) return json(401, { code: 124, message: 'Invalid access token.' });
        state.changes.push({ method: req.method, id: meeting[1]!, ...(body ? { body: JSON.parse(body) } : {}) });
        return res.writeHead(204).end();
      }
      const download = /^\/rec\/download\/([\w.-]+)$/.exec(url.pathname);
      if (req.method === 'GET' && download) {
        if (auth !== `Bearer ${downloadToken}`) return json(401, { code: 124, message: 'Invalid access token.' });
        const file = files.get(download[1]!);
        if (!file) return json(404, { code: 3301, message: 'This recording does not exist.' });
        return res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': file.length }).end(file);
      }
      json(404, { code: 404, message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get meetings() {
      return state.meetings;
    },
    get changes() {
      return state.changes;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    files,
    downloadToken,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
