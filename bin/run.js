#!/usr/bin/env node
// The `yava` entry point. `--version` is answered here without loading oclif, so scripts
// that check the version pay only for Node's own start-up; everything else goes to oclif,
// loaded from the CLI bundle (dist/cli-bundle, written by `npm run build`), which reads the
// command list from oclif.manifest.json and imports only the command being run.
import { existsSync, readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`yava/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
  const { execute } = existsSync(bundle) ? await import(bundle.href) : await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
