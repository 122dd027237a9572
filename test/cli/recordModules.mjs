// `node --import ./test/cli/recordModules.mjs …` with YAVA_RECORD_MODULES=<file>: appends to that
// file every module the process loads, one per line: ES modules from a loader hook (in its own
// thread), CommonJS modules from require.cache when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.YAVA_RECORD_MODULES;
if (out) {
  register('./recordModulesHooks.mjs', { parentURL: import.meta.url, data: { out } });
  process.on('exit', () => appendFileSync(out, Object.keys(createRequire(import.meta.url).cache).map((file) => `${file}\n`).join('')));
}
