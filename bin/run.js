#!/usr/bin/env node
// The `yava` entry point. `--version` is answered here without loading oclif, so scripts
// that check the version pay only for Node's own start-up; everything else goes to oclif,
// loaded from the CLI bundle (dist/cli-bundle, written by `npm run build`), which reads the
// command list from oclif.manifest.json and imports only the command being run.
import { existsSync, readFileSync } from 'node:fs';

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

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`yava/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
  const { execute } = existsSync(bundle) ? await import(bundle.href) : await import('@oclif/core');
  await execute({ dir: import.meta.url, args: moveGlobalFlags(argv) });
}
