/**
 * A real CalDAV server for tests: Debian's radicale (`apt-get install radicale`), started on
 * 127.0.0.1 and a random port with its storage in a temporary folder, and stopped by the test.
 * With `users`, it checks passwords (htpasswd, plain) so wrong credentials are refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RadicaleServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Creates a calendar collection at /<user>/<name>/ and returns its URL; `timezone` is its
   * CALDAV:calendar-timezone (a VCALENDAR with one VTIMEZONE).
   */
  makeCalendar(user: string, password: string, name: string, displayName?: string, options?: { timezone?: string }): Promise<string>;
}

/** A port nothing listens on right now (for servers whose address must be known before they start). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export async function startRadicale(users: Record<string, string> = {}): Promise<RadicaleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'yava-radicale-'));
  const port = await freePort();
  const args = [
    '-m',
    'radicale',
    `--storage-filesystem-folder=${join(dir, 'collections')}`,
    `--server-hosts=127.0.0.1:${port}`,
    '--logging-level=warning',
  ];
  if (Object.keys(users).length) {
    writeFileSync(
      join(dir, 'users'),
      Object.entries(users)
        .map(([u, p]) => `${u}:${p}`)
        .join('\n') + '\n',
    );
    args.push(
      '--auth-type=htpasswd',
      `--auth-htpasswd-filename=${join(dir, 'users')}`,
      '--auth-htpasswd-encryption=plain',
    );
  } else {
    args.push('--auth-type=none');
  }
  const child: ChildProcess = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`radicale exited: ${stderr}`);
    try {
      await fetch(url + '/.web/');
      break;
    } catch {
      if (i > 100) throw new Error(`radicale did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
    async makeCalendar(user, password, name, displayName = name, options = {}) {
      const href = `${url}/${user}/${name}/`;
      const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      const timezone = options.timezone ? `<C:calendar-timezone><![CDATA[${options.timezone}]]></C:calendar-timezone>` : '';
      const body = `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${displayName}</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>${timezone}</D:prop></D:set></C:mkcalendar>`;
      const res = await fetch(href, {
        method: 'MKCALENDAR',
        headers: { authorization: auth, 'content-type': 'application/xml' },
        body,
      });
      if (res.status !== 201) throw new Error(`MKCALENDAR ${href}: ${res.status} ${await res.text()}`);
      return href;
    },
  };
}
