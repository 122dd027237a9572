// `npm run bench`: runs every benchmark in turn; each prints its own table (and writes
// bench/<name>/RESULTS.md, collected in bench/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = ['nlp', 'availability', 'cli', 'login-flood', 'load', 'analytics'].filter((name) => only.length === 0 || only.includes(name));
let failed = false;
for (const name of benches) {
  const script = `bench/${name}/run.ts`;
  if (!existsSync(script)) continue;
  process.stdout.write(`\n## ${name}\n\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', env: { ...process.env, RATE_LIMIT: 'off', SPAM_CHECK: 'off' } });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
