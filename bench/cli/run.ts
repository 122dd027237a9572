// Start-up time of the built CLI: median wall time of `yava --version`, `yava meetings --json`
// and `yava slots demo/intro --json` (against a local server this bench starts, on an in-memory
// database with the demo data) next to `node -e 0`; the last two also through oclif
// (YAVA_FAST_PATH=off) for comparison. Run `npm run build` first.
// Usage: node --import tsx bench/cli/run.ts [runs]   (writes bench/cli/RESULTS.md)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../server/compose.js';
import { loadConfig } from '../../core/config.js';
import { DEMO_USER, seedDemo } from '../../core/demo/seed.js';
import { createLogger } from '../../core/logger.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runs = Number(process.argv[2] ?? 15);
if (!existsSync(join(root, 'dist/cli/commands')) || !existsSync(join(root, 'oclif.manifest.json'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'yava-bench-cli-'));
const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', YAVA_DATA_DIR: 'memory://', BCRYPT_COST: '4', RATE_LIMIT: 'off', LOG_LEVEL: 'silent', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-1234', YAVA_ENCRYPTION_KEY: 'c'.repeat(64) });
const server = await startServer({ config, logger: createLogger('silent') });
await seedDemo(server.deps.db, { bcryptCost: 4 });
const session = (await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }) })).json()) as { accessToken: string };
const pat = (await (await fetch(`${server.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` }, body: JSON.stringify({ name: 'bench' }) })).json()) as { token: string };

const env = { ...process.env, XDG_CONFIG_HOME: dataDir, YAVA_SERVER: server.url, YAVA_TOKEN: pat.token, NO_COLOR: '1' };
const bin = join(root, 'bin/run.js');

/** Wall time of each run; async spawn, since the server answering it runs in this process. */
async function time(args: string[], extraEnv: Record<string, string> = {}): Promise<number[]> {
  const { spawn } = await import('node:child_process');
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    const code = await new Promise<number>((ok) => spawn(process.execPath, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'inherit'] }).on('exit', (c) => ok(c ?? 1)));
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`);
    if (i > 0) samples.push(ms); // the first run warms the file cache
  }
  return samples;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// Without an env, the budget applies; the oclif rows (fast path off) are for comparison only.
const OCLIF = { YAVA_FAST_PATH: 'off' };
const cases: Array<[string, string[], Record<string, string>?]> = [
  ['node -e 0', ['-e', '0']],
  ['yava --version', [bin, '--version']],
  ['yava meetings --json', [bin, 'meetings', '--json']],
  ['yava slots demo/intro --json', [bin, 'slots', 'demo/intro', '--json']],
  ['YAVA_FAST_PATH=off yava meetings --json', [bin, 'meetings', '--json'], OCLIF],
  ['YAVA_FAST_PATH=off yava slots demo/intro --json', [bin, 'slots', 'demo/intro', '--json'], OCLIF],
];
const results: Array<{ name: string; ms: number; budgeted: boolean }> = [];
for (const [name, args, extra] of cases) results.push({ name, ms: median(await time(args, extra)), budgeted: !extra });
await server.close();
rmSync(dataDir, { recursive: true, force: true });

const base = results[0]!.ms;
const table = [
  '| command | median (ms) | × node -e 0 |',
  '| --- | ---: | ---: |',
  ...results.map((r) => `| \`${r.name}\` | ${r.ms.toFixed(0)} | ${(r.ms / base).toFixed(2)} |`),
].join('\n');
const over = results.slice(1).filter((r) => r.budgeted && r.ms / base > 2).map((r) => `\`${r.name}\``);
const budget = over.length ? `OVER for ${over.join(', ')}` : 'within';
const text = `# CLI start-up\n\nMedian of ${runs} runs after one warm-up, Node ${process.version}, ${process.platform}-${process.arch}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} threads), ${new Date().toISOString().slice(0, 10)}.\n\`meetings\` and \`slots\` talk to a local server (in-memory database, demo data) started by the bench, in the bench's own process: its answer time is part of theirs.\nBudget: each \`yava\` command at most 2× \`node -e 0\`: ${budget}. \`meetings\` and \`slots\` start without oclif (bin/run.js's fast path, one CommonJS file: dist/cli-bundle/fast.cjs); the \`YAVA_FAST_PATH=off\` rows run them through oclif (dist/cli-bundle: one entry per command, shared chunks) for comparison.\n\n${table}\n\nRegenerate: \`npm run build && node --import tsx bench/cli/run.ts\`.\n`;
writeFileSync(join(root, 'bench/cli/RESULTS.md'), text);
console.log(table);
