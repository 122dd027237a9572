// A fake Discord REST API (node:http on 127.0.0.1, random port) speaking the real wire format
// under /api/v10, so discord.js (rest.api = `${url}/api`) runs unchanged. It records interaction
// callbacks, webhook edits of the original reply, DM channel creation, messages and command
// registration; like Discord it refuses message content over 2000 characters (400, code 50035).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDiscordCall {
  method: string;
  path: string;
  body: any;
  /** Answered with an error by failNext or refused as Discord would (nothing was delivered). */
  failed?: boolean;
}

export interface FakeDiscord {
  url: string;
  calls: FakeDiscordCall[];
  find(method: string, pathPattern: RegExp): FakeDiscordCall[];
  /** The next request matching `method` and `pathPattern` is answered `status` (a Discord outage), once. */
  failNext(method: string, pathPattern: RegExp, status?: number): void;
  close(): Promise<void>;
}

/** Discord refuses a message (new or edited) whose content is longer, as it does. */
const CONTENT_MAX = 2000;
let snowflake = 1_000_000_000_000_000n;
const nextId = () => String(++snowflake);

function message(channelId: string, body: any) {
  return { id: nextId(), channel_id: channelId, type: 0, content: body?.content ?? '', components: body?.components ?? [], embeds: [], attachments: [], mentions: [], mention_roles: [], pinned: false, mention_everyone: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: body?.flags ?? 0, author: { id: '900', username: 'yava', discriminator: '0', avatar: null, bot: true, global_name: 'Yava' } };
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const calls: FakeDiscordCall[] = [];
  const failures: Array<{ method: string; pattern: RegExp; status: number }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      let body: any = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const json = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const failure = failures.findIndex((f) => f.method === req.method && f.pattern.test(path));
      if (failure >= 0) {
        const { status } = failures.splice(failure, 1)[0]!;
        calls.push({ method: req.method ?? 'GET', path, body, failed: true });
        return json(status, { message: 'Service unavailable', code: 0 });
      }
      if (typeof body?.content === 'string' && body.content.length > CONTENT_MAX) {
        calls.push({ method: req.method ?? 'GET', path, body, failed: true });
        return json(400, { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${CONTENT_MAX} or fewer in length.` }] } } });
      }
      calls.push({ method: req.method ?? 'GET', path, body });
      let m: RegExpExecArray | null;
      if (req.method === 'POST' && /^\/api\/v10\/interactions\/[^/]+\/[^/]+\/callback$/.test(path)) {
        res.writeHead(204).end();
        return;
      }
      if ((m = /^\/api\/v10\/webhooks\/[^/]+\/[^/]+\/messages\/((?:@|%40)original|\d+)$/.exec(path))) return json(200, message('100', body));
      if (req.method === 'POST' && path === '/api/v10/users/@me/channels') {
        return json(200, { id: `dm${body.recipient_id}`, type: 1, last_message_id: null, recipients: [{ id: body.recipient_id, username: `u${body.recipient_id}`, discriminator: '0', avatar: null, global_name: null }] });
      }
      if (req.method === 'POST' && (m = /^\/api\/v10\/channels\/([^/]+)\/messages$/.exec(path))) return json(200, message(m[1]!, body));
      if (req.method === 'PUT' && /^\/api\/v10\/applications\/[^/]+\/commands$/.test(path)) return json(200, (body as any[]).map((c) => ({ id: nextId(), application_id: '1', version: '1', ...c })));
      json(404, { message: 'Unknown route', code: 0 });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    find: (method, pattern) => calls.filter((c) => c.method === method && pattern.test(c.path)),
    failNext: (method, pattern, status = 503) => void failures.push({ method, pattern, status }),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
