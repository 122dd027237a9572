import { Writable } from 'node:stream';
import { startServer, type RunningServer } from '../../server/compose.js';
import type { Clock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { getTestDb } from './db.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7);

/** Log lines written during a test, for asserting that nothing secret is logged. */
export const capturedLogs: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    capturedLogs.push(String(chunk));
    if (capturedLogs.length > 5000) capturedLogs.splice(0, 1000);
    done();
  },
});

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** The process role (`worker`: only /health, /ready and /metrics); default `all`. */
  role?: 'all' | 'api' | 'worker';
}

/** A real API server on 127.0.0.1, a random port, over the shared test database. */
export async function startTestServer(options: TestServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    BCRYPT_COST: '4',
    RATE_LIMIT: 'off', SPAM_CHECK: 'off',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const database = await getTestDb();
  return startServer({ config, logger: createLogger('info', sink), clock: options.clock, database, jwtSecret: TEST_JWT_SECRET, encryptionKey: TEST_ENCRYPTION_KEY, migrate: false, role: options.role });
}

/** A small JSON client for tests. */
export function apiClient(baseUrl: string) {
  return async function call(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let json: any ;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, body: json, text };
  };
}

export type ApiCall = ReturnType<typeof apiClient>;

let counter = 0;
/** Registers a user and returns its session. */
export async function registerUser(call: ApiCall, overrides: Partial<{ email: string; password: string; name: string; username: string; timezone: string }> = {}) {
  counter += 1;
  const body = {
    email: overrides.email ?? `user${counter}-${Date.now()}@example.com`,
    password: overrides.password ?? 'correct horse battery staple',
    name: overrides.name ?? `User ${counter}`,
    ...(overrides.username ? { username: overrides.username } : {}),
    ...(overrides.timezone ? { timezone: overrides.timezone } : {}),
  };
  const res = await call('POST', '/api/auth/register', { body });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { ...res.body, password: body.password, email: body.email } as { user: any; accessToken: string; refreshToken: string; password: string; email: string };
}

/** Verifies a registered user's email through the link e-mailed at registration (as its owner would). */
export async function verifyEmail(server: RunningServer, email: string): Promise<void> {
  const rows = await server.deps.db('outbox').whereRaw("lower(payload->>'to') = lower(?)", [email]).whereLike('idempotency_key', 'email:verify:%').select('payload');
  const call = apiClient(server.url);
  for (const { payload } of rows) {
    const text: string = (typeof payload === 'string' ? JSON.parse(payload) : payload).text;
    const token = /yava_ev_[A-Za-z0-9_-]+/.exec(text)?.[0];
    if (token && (await call('POST', '/api/auth/verify-email', { body: { token } })).status === 200) return;
  }
  throw new Error(`no usable verification link for ${email}`);
}
