/** A browser-like HTTP client for the dashboard: keeps cookies, reads form CSRF tokens, never follows redirects. */
export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
  setCookies: string[];
}

export function webClient(baseUrl: string, options: { headers?: Record<string, string> } = {}) {
  const jar = new Map<string, string>();
  async function request(method: string, path: string, init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<WebResponse> {
    const headers: Record<string, string> = { ...options.headers, ...init.headers };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(baseUrl + path, { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), setCookies };
  }
  /** The `_csrf` value of the first form on a page. */
  const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { request, csrfOf, jar };
}

/** The token of a dashboard page's `<meta name="csrf-token">` (what its forms and scripts send). */
export const csrfOfPage = (page: string): string => /name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';

/** A webClient signed in at /app/login (the test factories' password unless given). Throws when sign-in is refused. */
export async function signedInWebClient(baseUrl: string, email: string, password = 'correct horse battery staple'): Promise<ReturnType<typeof webClient>> {
  const web = webClient(baseUrl);
  const form = await web.request('GET', '/app/login');
  const res = await web.request('POST', '/app/login', { form: { _csrf: web.csrfOf(form.text), email, password } });
  if (res.status !== 303) throw new Error(`signing in as ${email} answered ${res.status}: ${res.text.slice(0, 200)}`);
  return web;
}
