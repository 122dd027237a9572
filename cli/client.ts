import { request as httpRequest, type IncomingMessage } from 'node:http';
import { ApiError, CliError, UnreachableError, type Problem } from './errors.js';
import { EXIT } from './exitCodes.js';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** Send the stored token (default true); a call without one fails before the request. */
  auth?: boolean;
}

export interface ApiClientOptions {
  server: string;
  token?: string;
  timeoutMs?: number;
  userAgent?: string;
}

/**
 * What a command needs of the API: {@link ApiClient}'s public surface. Commands and helpers
 * take this, so a test can hand a command a fake client object (see ApiCommand.useClient).
 */
export type Api = Pick<ApiClient, 'server' | 'token' | 'url' | 'request' | 'get' | 'post' | 'put' | 'patch' | 'delete'>;

/** The HTTP client every command uses: JSON in, JSON out, problem+json to {@link ApiError}. */
export class ApiClient {
  readonly server: string;
  readonly token?: string;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(options: ApiClientOptions) {
    this.server = options.server;
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.userAgent = options.userAgent ?? 'yava-cli';
  }

  url(path: string, query?: Query): string {
    const url = new URL(path, this.server + '/');
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent, ...options.headers };
    if (options.auth !== false) {
      if (!this.token) throw new CliError(`Not logged in to ${this.server}: run \`yava login\` or set YAVA_TOKEN`, { exit: EXIT.auth, code: 'not_logged_in' });
      headers.authorization = `Bearer ${this.token}`;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let res: { status: number; statusText: string; text: string };
    try {
      res = await send(this.url(path, options.query), method, headers, body, this.timeoutMs);
    } catch (error) {
      throw new UnreachableError(this.server, error);
    }
    let json: unknown;
    try {
      json = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status < 200 || res.status > 299) {
      const problem = json && typeof json === 'object' ? (json as Problem) : { status: res.status, title: res.statusText };
      throw new ApiError({ ...problem, status: res.status });
    }
    return json as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }
  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body: body ?? {} });
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }
  delete<T = void>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

/**
 * One request on its own connection (no keep-alive): a command makes a call or two and exits,
 * and a pooled socket would hold the process open after its answer was printed (about 0.1 s
 * with fetch), besides fetch's own load time. Errors carry `cause.code` / `name` as fetch's do,
 * so {@link UnreachableError} reads them the same way.
 */
async function send(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; statusText: string; text: string }> {
  const target = new URL(url);
  // TLS loads only for an https server (a local server needs none of it).
  const requestFn = target.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  const allHeaders = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const fail = (error: Error & { code?: string }) =>
      reject(signal.aborted ? Object.assign(new Error('The server did not answer in time'), { name: 'TimeoutError' }) : Object.assign(new Error(error.message), { cause: { code: error.code } }));
    const req = requestFn(target, { method, headers: { ...allHeaders, connection: 'close' }, agent: false, signal }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end(body);
  });
}
