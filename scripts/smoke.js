#!/usr/bin/env node
// `npm run smoke`: a newcomer's first hour, scripted. On a fresh data directory in a temporary
// folder it starts the built server the way the README says (`npm start`, here on a random
// port), logs in with the CLI, lists slots, books by slot and by sentence, looks at the week,
// cancels, checks the mail that went out, and stops the server with SIGINT (Ctrl-C). Exits
// non-zero on the first failure and leaves no process behind. Needs `npm run build` first.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';

const root = fileURLToPath(new URL('..', import.meta.url));
const ZONE = 'Europe/Berlin';
const DEMO = { email: 'demo@yava.local', password: 'yava-demo-password' };
const home = mkdtempSync(join(tmpdir(), 'yava-smoke-'));
let server = null;
let output = '';

const step = (text) => process.stdout.write(`• ${text}\n`);
const fail = (message) => {
  throw new Error(message);
};
const check = (condition, message) => condition || fail(message);

/** `yava …args` through the real binary, as a newcomer types it. */
function yava(args, { input, expectCode = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '1', YAVA_SERVER: '', YAVA_TOKEN: '' };
    delete env.YAVA_SERVER;
    delete env.YAVA_TOKEN;
    const child = execFile(process.execPath, [join(root, 'bin/run.js'), ...args, '--tz', ZONE], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      if (code !== expectCode) return reject(new Error(`yava ${args.join(' ')} exited ${code} (expected ${expectCode})\n${stderr}${stdout}`));
      resolve({ stdout, stderr, json: () => JSON.parse(stdout) });
    });
    child.stdin.end(input ?? '');
  });
}

/** Starts `npm start` in its own process group (as a terminal would) and waits for the banner. */
function startServer() {
  const env = { ...process.env, PORT: '0', YAVA_DATA_DIR: join(home, 'data'), BCRYPT_COST: '4', OUTBOX_POLL_MS: '500', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SMTP_URL']) delete env[name];
  server = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (c) => (output += c));
  server.stderr.on('data', (c) => (output += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 180 s:\n${output}`)), 180_000);
    const look = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    server.stdout.on('data', look);
    server.once('exit', (code) => reject(new Error(`the server exited ${code} while starting:\n${output}`)));
  });
}

const groupAlive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

const portFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** Ctrl-C: SIGINT to the whole process group; then nothing of it may be left, and the port is free. */
async function stopServer(port) {
  const pgid = server.pid;
  process.kill(-pgid, 'SIGINT');
  const deadline = Date.now() + 20_000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  check(!groupAlive(pgid), 'processes of `npm start` were still running 20 s after Ctrl-C');
  server = null;
  check(await portFree(port), `port ${port} is still taken after the server stopped`);
}

async function walkThrough() {
  step('npm start (fresh data directory, random port)');
  const url = await startServer();
  const port = Number(new URL(url).port);
  check(output.includes('npx yava login --server'), 'the banner shows how to log in');
  const landing = await fetch(`${url}/`);
  check(landing.status === 200 && (await landing.text()).includes('<form'), 'GET / is a landing page');
  check((await fetch(`${url}/favicon.ico`)).headers.get('content-type') === 'image/x-icon', '/favicon.ico is an icon');

  step('yava login (password on stdin), whoami');
  await yava(['login', '--server', url, '--email', DEMO.email, '--password-stdin'], { input: `${DEMO.password}\n` });
  const me = (await yava(['whoami', '--json'])).json();
  check(me.username === 'demo', `whoami says demo (got ${me.username})`);
  // The banner says 127.0.0.1; the same login works for localhost.
  await yava(['whoami', '--server', url.replace('127.0.0.1', 'localhost')]);

  step('yava slots demo/intro; book the first one by slot');
  const { slots } = (await yava(['slots', 'demo/intro', '--json'])).json();
  check(slots.length > 0, 'demo/intro has free slots');
  const bySlot = (await yava(['book', 'demo/intro', '--at', slots[0].start, '--name', 'Ada Newcomer', '--email', 'ada@example.com', '--json'])).json();
  check(bySlot.status === 'scheduled' && bySlot.start === slots[0].start, `booked the slot at ${slots[0].start}`);

  step('a second person, then yava book "<sentence>"');
  const register = await fetch(`${url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@example.com', password: 'sm0ke-walk-through-9xq', name: 'Alice Example', username: 'alice', timezone: ZONE }) });
  check(register.status === 201, `register alice (${register.status} ${register.status === 201 ? "" : await register.clone().text()})`);
  const alice = await register.json();
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' }));
  const hours = await fetch(`${url}/api/availability/schedule`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.accessToken}` }, body: JSON.stringify({ timezone: ZONE, weekly: weekdays, overrides: [] }) });
  check(hours.status === 200, `alice's working hours (${hours.status})`);
  let day = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day');
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const sentence = `30 min sync with alice on ${day.toFormat('LLLL d')} at 2pm`;
  const bySentence = (await yava(['book', sentence, '--json'])).json();
  const expectedStart = day.set({ hour: 14 }).toUTC().toISO({ suppressMilliseconds: true });
  check(new Date(bySentence.start).getTime() === new Date(expectedStart).getTime(), `"${sentence}" booked ${expectedStart} (got ${bySentence.start})`);

  step('yava week shows both meetings');
  const weekOf = async (date) => (await yava(['week', '--date', date, '--json'])).json();
  const seen = new Set();
  for (const date of [slots[0].start.slice(0, 10), day.toISODate()]) {
    const week = await weekOf(date);
    for (const d of week.days) for (const m of d.meetings) seen.add(m.id);
  }
  check(seen.has(bySlot.id) && seen.has(bySentence.id), 'both meetings are in their week');

  step('yava cancel; yava meetings no longer lists it');
  const canceled = (await yava(['cancel', bySlot.id, '--reason', 'smoke test', '--json'])).json();
  check(canceled.status === 'canceled', 'the meeting is canceled');
  const upcoming = (await yava(['meetings', '--json'])).json().meetings.map((m) => m.id);
  check(!upcoming.includes(bySlot.id) && upcoming.includes(bySentence.id), 'meetings shows what is still on');

  step('the mail that went out names everyone (yava mail)');
  let subjects = [];
  for (let i = 0; i < 40 && subjects.length < 3; i += 1) {
    subjects = (await yava(['mail', '--json'])).json().messages.map((m) => m.subject);
    if (subjects.length < 3) await new Promise((r) => setTimeout(r, 500));
  }
  check(subjects.length >= 3, `demo received the booking, sentence and cancel mails (got ${JSON.stringify(subjects)})`);
  for (const s of subjects) check(!/ with\s*$/.test(s) && !/with\s*,/.test(s), `a subject names the people: "${s}"`);
  check(subjects.some((s) => s.includes('Alice Example')), `the sentence booking's mail names Alice (${JSON.stringify(subjects)})`);

  step('Ctrl-C stops the server; nothing is left running');
  await stopServer(port);
}

try {
  await walkThrough();
  process.stdout.write('smoke: ok\n');
} catch (error) {
  process.stderr.write(`smoke: FAILED: ${error.message}\n`);
  if (output && !error.message.includes(output.slice(-200))) process.stderr.write(`--- server output ---\n${output.slice(-4000)}\n`);
  process.exitCode = 1;
} finally {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(home, { recursive: true, force: true });
}
