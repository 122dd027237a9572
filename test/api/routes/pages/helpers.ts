import { request } from 'node:http';

/** A tiny cookie-keeping form client for the server-rendered pages (no JS, like a plain browser). */
export function pageClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!.trim(), v.join('='));
    }
  };
  return {
    jar,
    async get(path: string) {
      const res = await fetch(baseUrl + path, { headers: { cookie: cookieHeader() }, redirect: 'manual' });
      remember(res);
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    async post(path: string, form: Record<string, string>) {
      const res = await fetch(baseUrl + path, {
        method: 'POST',
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
      remember(res);
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
  };
}

/** The value of a hidden input in a page. */
export function hiddenValue(page: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The same form client as a browser on another host name (a custom domain) would be: fetch cannot set Host. */
export function hostPageClient(baseUrl: string, host: string) {
  const url = new URL(baseUrl);
  const jar = new Map<string, string>();
  const send = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; location?: string; text: string }>((resolve, reject) => {
      const cookie = [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
      const form = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) };
      request({ host: url.hostname, port: url.port, path, method, headers: { host, cookie, ...form } }, (res) => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [k, ...v] = c.split(';')[0]!.split('=');
          jar.set(k!.trim(), v.join('='));
        }
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, text }));
      })
        .on('error', reject)
        .end(body);
    });
  return { get: (path: string) => send('GET', path), post: (path: string, form: Record<string, string>) => send('POST', path, new URLSearchParams(form).toString()) };
}
