// A fake Slack Web API (node:http on 127.0.0.1, random port) speaking the real wire format:
// `POST /api/<method>` with form or JSON bodies, answering {ok: true, …}. It also takes the
// `response_url` posts Bolt's respond() makes (`POST /response/<id>`). Every call is recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackUser {
  id: string;
  teamId?: string;
  tz?: string;
  email?: string;
  name?: string;
}

export interface FakeSlackCall {
  method: string;
  /** The request path (`/response/3` for a response_url post). */
  path: string;
  body: Record<string, any>;
  token?: string;
}

export interface FakeSlack {
  url: string;
  /** What to give Bolt as `slackApiUrl`. */
  apiUrl: string;
  calls: FakeSlackCall[];
  /** A fresh response_url on this server, to put in a slash command or an action payload. */
  responseUrl(): string;
  addUser(user: FakeSlackUser): void;
  callsTo(method: string): FakeSlackCall[];
  /** Resolves when `count` calls to `method` have arrived (fails after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<FakeSlackCall[]>;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw);
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const users = new Map<string, FakeSlackUser>();
  const calls: FakeSlackCall[] = [];
  const waiters = new Set<() => void>();
  let responseCounter = 0;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      let body: Record<string, any>;
      try {
        body = parseBody(raw, req.headers['content-type']);
      } catch {
        res.writeHead(400).end();
        return;
      }
      const auth = req.headers.authorization;
      const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path.startsWith('/response/') ? 'response_url' : path;
      calls.push({ method, path, body, token: auth?.replace(/^Bearer /, '') ?? body.token });
      for (const wake of [...waiters]) wake();
      const send = (payload: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      switch (method) {
        case 'response_url':
          return send({ ok: true });
        case 'auth.test':
          return send({ ok: true, url: 'https://yava-test.slack.com/', team: 'Yava test', user: 'yava', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' });
        case 'users.info': {
          const user = users.get(String(body.user));
          if (!user) return send({ ok: false, error: 'user_not_found' });
          return send({
            ok: true,
            user: { id: user.id, team_id: user.teamId ?? 'T1', name: user.name ?? user.id, real_name: user.name ?? user.id, tz: user.tz ?? 'America/Los_Angeles', is_bot: false, profile: { email: user.email, real_name: user.name ?? user.id } },
          });
        }
        case 'chat.postMessage':
          return send({ ok: true, channel: body.channel, ts: `${Date.now() / 1000}`, message: { text: body.text } });
        case 'chat.postEphemeral':
          return send({ ok: true, message_ts: `${Date.now() / 1000}` });
        case 'views.publish':
        case 'views.open':
          return send({ ok: true, view: { id: 'V1', ...(typeof body.view === 'object' ? body.view : {}) } });
        default:
          return send({ ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responseUrl: () => `${url}/response/${++responseCounter}`,
    addUser: (user) => void users.set(user.id, user),
    callsTo,
    waitFor(method, count = 1, timeoutMs = 5_000) {
      return new Promise((ok, fail) => {
        const check = () => {
          const found = callsTo(method);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            ok(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`fake Slack: expected ${count} ${method} call(s), got ${callsTo(method).length}: ${calls.map((c) => c.method).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
