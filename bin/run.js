#!/usr/bin/env node
// The `yava` entry point. `--version` is answered here without loading oclif, so scripts
// that check the version pay only for Node's own start-up; `meetings` and `slots` take a
// fast path without oclif too (runFast below); everything else goes to oclif,
// loaded from the CLI bundle (dist/cli-bundle, written by `npm run build`), which reads the
// command list from oclif.manifest.json and imports only the command being run.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Flags every API command takes, accepted before the command too (`yava --server URL slots …`):
// they are moved after it, where oclif reads them. The value says whether the flag takes one.
const GLOBAL_FLAGS = new Map([
  ['--server', true],
  ['--tz', true],
  ['--debug', false],
  ['--json', false],
]);

/** `--server URL slots demo/intro` → `slots demo/intro --server URL`. */
function moveGlobalFlags(argv) {
  const moved = [];
  let i = 0;
  while (i < argv.length) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const takesValue = GLOBAL_FLAGS.get(name);
    if (takesValue === undefined) break;
    if (takesValue && inline === undefined) {
      if (i + 1 >= argv.length) break;
      moved.push(argv[i], argv[i + 1]);
      i += 2;
    } else {
      moved.push(argv[i]);
      i += 1;
    }
  }
  if (!moved.length || i >= argv.length) return argv;
  return [...argv.slice(i), ...moved];
}

/** What `--version` prints and the API is told: oclif's user agent, `yava/0.1.0 linux-x64 node-v20…`. */
function userAgent() {
  const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return `${name}/${version} ${process.platform}-${process.arch} node-${process.version}`;
}

/**
 * `meetings` and `slots` run without oclif when their command line is plainly valid
 * (cli/fastPath.ts, with flag definitions the build wrote from the command classes); false
 * means oclif runs the command instead, with its own messages. `YAVA_FAST_PATH=off` skips it.
 */
async function runFast(args) {
  const specs = new URL('../dist/cli-bundle/fast-commands.json', import.meta.url);
  if (process.env.YAVA_FAST_PATH === 'off' || !existsSync(specs)) return false;
  const spec = JSON.parse(readFileSync(specs, 'utf8'))[args[0]];
  if (!spec) return false;
  // One CommonJS file (scripts/build.js): require() skips the ES module loader's per-file work.
  const { runFast: run } = createRequire(import.meta.url)('../dist/cli-bundle/fast.cjs');
  return run(args[0], args.slice(1), spec, userAgent());
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${userAgent()}\n`);
} else {
  const args = moveGlobalFlags(argv);
  if (!(await runFast(args))) {
    const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
    const { execute } = existsSync(bundle) ? await import(bundle.href) : await import('@oclif/core');
    await execute({ dir: import.meta.url, args });
  }
}
