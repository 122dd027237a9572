#!/usr/bin/env node
// The `yava` entry point. `--version` is answered here without loading oclif, so scripts
// that check the version pay only for Node's own start-up; everything else goes to oclif,
// which reads the command list from oclif.manifest.json (written by `npm run build`).
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`yava/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
