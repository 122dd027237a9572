import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendantsOf, isPortFree, startProcess, type StartedProcess, waitForExit } from '../helpers/processes.js';

/**
 * `npm start` as a newcomer runs it: the built server (dist/) under npm, on a fresh embedded
 * database, stopped by a signal to npm or by Ctrl-C on a terminal.
 */
describe('npm start (the built server process)', function () {
  this.timeout(180_000);
  const root = process.cwd();
  let dataDir: string;
  let started: StartedProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'yava-npm-start-'));
  });
  afterEach(() => {
    const child = started?.child;
    if (child?.pid && child.exitCode === null) {
      for (const pid of descendantsOf(child.pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      child.kill('SIGKILL');
    }
    started = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    PORT: '0',
    YAVA_DATA_DIR: join(dataDir, 'data'),
    BCRYPT_COST: '4',
    LOG_LEVEL: 'info',
    TEST_DATABASE_URL: '',
    DATABASE_URL: '',
    SLACK_SIGNING_SECRET: '',
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    NO_COLOR: '1',
    ...extra,
  });

  it('stops on SIGTERM to the npm process: the port is free, no process is left; JSON logs off a terminal', async () => {
    started = startProcess('npm', ['start'], { cwd: root, env: env({ SLACK_SIGNING_SECRET: 'shh' }) });
    const [, url, port] = await started.waitFor(/running at (http:\/\/127\.0\.0\.1:(\d+))/, 150_000);
    const tree = descendantsOf(started.child.pid!);
    expect(tree.length, 'npm runs the server as a child').to.be.greaterThan(0);
    expect((await fetch(`${url}/ready`)).status).to.equal(200);
    // The web odds and ends of a fresh start: a landing page and an icon, not bare 404s.
    const landing = await fetch(`${url}/`);
    expect([landing.status, landing.headers.get('content-type')]).to.deep.equal([200, 'text/html; charset=utf-8']);
    expect((await fetch(`${url}/favicon.ico`)).headers.get('content-type')).to.equal('image/x-icon');

    // The Slack signing secret alone starts the server with a warning naming what is missing
    // (a JSON log line: stdout is not a terminal)…
    await started.waitFor(/^\{"level":40,.*SLACK_BOT_TOKEN is missing/m, 10_000);
    // …and /slack/events answers problem+json, like every other error.
    const slack = await fetch(`${url}/slack/events`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(slack.status).to.equal(501);
    expect(slack.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(((await slack.json()) as { code: string; detail: string }).detail).to.include('SLACK_BOT_TOKEN');

    started.child.kill('SIGTERM');
    await started.exited;
    expect(await waitForExit(tree, 15_000), 'processes left behind').to.deep.equal([]);
    expect(await isPortFree(Number(port)), `port ${port} is free`).to.equal(true);
    expect(started.output()).to.match(/^\{"level":30,.*"msg":"shutting down"/m);
    expect(started.output()).not.to.match(/could not start|Error/);
  });

  it('on a terminal: the banner comes first, logs are readable, and Ctrl-C stops everything', async () => {
    // `script` runs npm on a pseudo-terminal; writing ^C to it is a real Ctrl-C (SIGINT to the foreground group).
    started = startProcess('script', ['-qfec', 'npm start', '/dev/null'], { cwd: root, env: env({ SLACK_SIGNING_SECRET: 'shh', SLACK_BOT_TOKEN: 'xoxb-test' }) });
    const [, url, port] = await started.waitFor(/running at (http:\/\/127\.0\.0\.1:(\d+))/, 150_000);
    const tree = descendantsOf(started.child.pid!);
    // A bad Slack signature is refused with problem+json.
    const slack = await fetch(`${url}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-slack-signature': 'v0=bad', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) } });
    expect(slack.status).to.equal(401);
    expect(slack.headers.get('content-type')).to.match(/^application\/problem\+json/);
    await started.waitFor(/WARN.*bad or stale signature/, 10_000);

    started.child.stdin!.write('\x03');
    await started.waitFor(/shutting down/, 15_000);
    await started.exited;
    expect(await waitForExit(tree, 15_000), 'processes left behind').to.deep.equal([]);
    expect(await isPortFree(Number(port))).to.equal(true);

    // npm draws a progress spinner (braille frames, each erased with ESC[1G ESC[0K) while it starts
    // the script on a slow machine: that is npm's, not ours, so it is dropped before reading our lines.
    const lines = started
      .output()
      .replace(/[\u2800-\u28ff]\u001b\[1G\u001b\[0K/g, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('>') && l !== '^C');
    expect(lines[0], started.output()).to.match(/^Yava is running at/);
    expect(started.output(), 'no JSON log lines on a terminal').not.to.match(/^\{"level"/m);
    expect(started.output(), started.output()).to.match(/^(\^C)?\[\d\d:\d\d:\d\d\] INFO: shutting down \{[^}]*"signal":"SIGINT"\}/m);
  });
});
