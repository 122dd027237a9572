// Login flood: waves of 60 concurrent failed logins against the built server (a child
// process, default BCRYPT_COST and limits, TRUST_PROXY=on so X-Forwarded-For stands for
// each client's address) while one client measures `GET /health` and a public booking
// one after the other. Scenarios: idle (the same-run baseline), every wave from one
// address, every wave from 60 fresh addresses. Run `npm run build` first.
// Usage: node --import tsx bench/login-flood/run.ts [seconds per scenario]   (writes bench/login-flood/RESULTS.md)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seconds = Number(process.argv[2] ?? 10);
const WAVE = 60;
if (!existsSync(join(root, 'dist/server/main.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}

const loadBefore = loadavg()[0]!.toFixed(1);
const dataDir = mkdtempSync(join(tmpdir(), 'yava-bench-flood-'));
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', YAVA_DATA_DIR: join(dataDir, 'data'), TRUST_PROXY: 'on', LOG_LEVEL: 'warn', RATE_LIMIT: 'on', SPAM_CHECK: 'off' };
// SPAM_CHECK off: the measuring client books every 200 ms from addresses in one /24, which the spam
// screen rightly treats as a burst; this bench measures hashing isolation, not spam screening.
delete env.DATABASE_URL;
delete env.BCRYPT_COST;
const child: ChildProcess = spawn(process.execPath, [join(root, 'dist/server/main.js'), '--demo'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    const match = /running at (http:\/\/\S+)/.exec(out);
    if (match) resolve(match[1]!);
  });
  child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
});
child.stdout!.resume();

let addressCounter = 0;
const nextAddress = () => {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};
const post = (path: string, body: unknown, address: string) =>
  fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify(body) });

// Free demo/intro slots to book, one per booking sample.
const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const to = new Date(Date.now() + 50 * 86_400_000).toISOString().slice(0, 10);
const availability = (await (await fetch(`${url}/api/availability?user=demo&eventType=intro&from=${from}&to=${to}&timezone=UTC`)).json()) as { slots: Array<{ start: string }> };
const slots = availability.slots.map((s) => s.start);

/** The measuring client's pace: three scenarios × (seconds × 1000 / SAMPLE_MS) bookings must fit the free slots. */
const SAMPLE_MS = 200;

async function timed(run: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await run();
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

interface Outcome {
  name: string;
  logins: number;
  statuses: Record<number, number>;
  health: number[];
  booking: number[];
  bookingErrors: number;
}

async function scenario(name: string, flood: 'none' | 'one' | 'many'): Promise<Outcome> {
  const outcome: Outcome = { name, logins: 0, statuses: {}, health: [], booking: [], bookingErrors: 0 };
  const end = performance.now() + seconds * 1000;
  const waves: Array<Promise<void>> = [];
  const single = nextAddress();
  let wave = 0;
  const flooding = (async () => {
    if (flood === 'none') return;
    while (performance.now() < end) {
      wave += 1;
      const logins = Array.from({ length: WAVE }, (_, i) =>
        post('/api/auth/login', { email: `nobody-${name.length}-${wave}-${i}@example.com`, password: 'a wrong guess here' }, flood === 'one' ? single : nextAddress()).then(async (res) => {
          await res.arrayBuffer();
          outcome.statuses[res.status] = (outcome.statuses[res.status] ?? 0) + 1;
        }),
      );
      outcome.logins += WAVE;
      waves.push(Promise.all(logins).then(() => undefined));
      await new Promise((ok) => setTimeout(ok, 1000));
    }
  })();
  await new Promise((ok) => setTimeout(ok, flood === 'none' ? 0 : 100)); // let the first wave land
  while (performance.now() < end) {
    // One sample every SAMPLE_MS at most, so every scenario gets its share of the free slots.
    const paced = new Promise((ok) => setTimeout(ok, SAMPLE_MS));
    outcome.health.push((await timed(() => fetch(`${url}/health`))).ms);
    const start = slots.shift();
    if (!start) break;
    const booked = await timed(() => post('/api/meetings/schedule', { user: 'demo', eventType: 'intro', start, invitee: { name: 'Bench', email: 'bench@example.com', timezone: 'UTC' } }, nextAddress()));
    if (booked.status === 201) outcome.booking.push(booked.ms);
    else outcome.bookingErrors += 1;
    await paced;
  }
  await flooding;
  await Promise.all(waves);
  return outcome;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

const results: Outcome[] = [];
try {
  results.push(await scenario('idle (baseline)', 'none'));
  results.push(await scenario('waves of 60 from one address', 'one'));
  results.push(await scenario('waves of 60 from 60 new addresses each', 'many'));
} finally {
  child.kill('SIGTERM');
  await new Promise((ok) => child.once('exit', ok));
  rmSync(dataDir, { recursive: true, force: true });
}

const base = results[0]!;
const ms = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(0));
const table = [
  '| scenario | failed logins sent | answers (status × count) | /health p50 / p99 (ms) | booking p50 / p99 (ms) | p99 × idle (health, booking) | goal p99 < 1 s |',
  '| --- | ---: | --- | ---: | ---: | ---: | --- |',
  ...results.map((r) => {
    const h99 = percentile(r.health, 99);
    const b99 = percentile(r.booking, 99);
    const answers = Object.entries(r.statuses).map(([status, count]) => `${status} × ${count}`).join(', ') || '—';
    const ratio = `${(h99 / percentile(base.health, 99)).toFixed(1)}×, ${(b99 / percentile(base.booking, 99)).toFixed(1)}×`;
    const goal = h99 < 1000 && b99 < 1000 && r.bookingErrors === 0 ? 'met' : 'MISSED';
    return `| ${r.name} | ${r.logins} | ${answers} | ${ms(percentile(r.health, 50))} / ${ms(h99)} (n=${r.health.length}) | ${ms(percentile(r.booking, 50))} / ${ms(b99)} (n=${r.booking.length}${r.bookingErrors ? `, ${r.bookingErrors} failed` : ''}) | ${ratio} | ${goal} |`;
  }),
].join('\n');
const text = `# Login flood

${seconds} s per scenario, Node ${process.version}, ${process.platform}-${process.arch}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} threads), ${new Date().toISOString().slice(0, 10)}, load average ${loadBefore} when it started (the machine is shared: compare each row with the idle row of the same run).
The built server (\`dist/server/main.js --demo\`, embedded database, default \`BCRYPT_COST\` 12, default limits, \`PASSWORD_HASH_WORKERS\` auto = ${Math.max(1, cpus().length - 1)}, \`PASSWORD_HASH_QUEUE\` 16) runs as a child process. Every second a wave of ${WAVE} concurrent failed logins (unknown emails, so each costs a full bcrypt check) arrives; meanwhile one client alternates \`GET /health\` and a public booking of \`demo/intro\` (a fresh slot each, from its own address so the booking limit does not apply). 401: checked and wrong; 429: the address must wait (charged before hashing); 503: the hashing queue was full (Retry-After).

${table}

Regenerate: \`npm run build && node --import tsx bench/login-flood/run.ts 20\` (seconds per scenario).
`;
writeFileSync(join(root, 'bench/login-flood/RESULTS.md'), text);
console.log(table);
