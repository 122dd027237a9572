// Compiles TypeScript to plain JS in dist/, then writes the oclif manifest so the CLI
// starts without scanning its command files.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
rmSync('dist', { recursive: true, force: true });
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
if (existsSync('dist/cli/commands')) {
  run(process.execPath, ['node_modules/oclif/bin/run.js', 'manifest']);
}
