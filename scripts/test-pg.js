#!/usr/bin/env node
// `npm run test:pg`: the whole suite on a PostgreSQL server instead of the embedded database,
// with the concurrency suites. Uses TEST_DATABASE_URL when it is set, otherwise the local
// server (postgres@127.0.0.1:5432/test, trust auth); each run creates and drops a database of
// its own on it. Extra arguments go to mocha (`npm run test:pg -- --grep booking`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const mocha = fileURLToPath(new URL('../node_modules/mocha/bin/mocha.js', import.meta.url));
const result = spawnSync(process.execPath, [mocha, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
if (result.error) {
  console.error(`Could not start mocha: ${result.error.message}. Run \`npm ci\` first.`);
  process.exit(1);
}
process.exit(result.status ?? 1);
