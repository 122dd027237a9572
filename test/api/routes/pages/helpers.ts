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
