// Compiles TypeScript to plain JS in dist/, bundles the CLI with esbuild into dist/cli-bundle/
// (one entry per command plus shared chunks, so a command loads a handful of files instead of
// oclif's hundreds), then writes the oclif manifest so the CLI starts without scanning commands.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
rmSync('dist', { recursive: true, force: true });
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);

// Packages the CLI's own start-up needs are bundled (with their dependencies); every other
// package stays a plain import, loaded from node_modules only by the commands that use it.
const BUNDLED = new Set(['@oclif/core', '@inquirer/prompts', 'luxon']);
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
// Server code (dist/core, dist/api, dist/bot, dist/migrations) is never bundled: `serve`, `db`,
// `admin` and `bot` import it from dist/ as compiled, so it behaves exactly as under `npm start`
// (bree, for one, serialises job functions). Such imports are written with a placeholder and
// rewritten below to a path relative to each output file.
const DIST = resolve('dist');
const PLACEHOLDER = '__yava_dist__';
const selectiveExternals = {
  name: 'selective-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      if (BUNDLED.has(packageOf(args.path)) || args.importer.includes('/node_modules/')) return undefined;
      return { external: true };
    });
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.includes('/node_modules/')) return undefined;
      const target = resolve(dirname(args.importer), args.path);
      if (target.startsWith(join(DIST, 'cli') + sep)) return undefined;
      return { path: `${PLACEHOLDER}/${relative(DIST, target).split(sep).join('/')}`, external: true };
    });
  },
};

/** Points every placeholder import at dist/ relative to the file it is in. */
function rewritePlaceholders(dir) {
  for (const file of walk(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(PLACEHOLDER)) continue;
    let rel = relative(dirname(file), DIST).split(sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    writeFileSync(file, text.replaceAll(`${PLACEHOLDER}/`, `${rel}/`));
  }
}

const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.js') ? [p] : [];
});

if (existsSync('dist/cli/commands')) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [...walk('dist/cli/commands'), 'dist/cli/main.js'],
    outdir: 'dist/cli-bundle',
    outbase: 'dist/cli',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    // Whitespace and syntax only: bree serialises job functions, whose free names must survive.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    plugins: [selectiveExternals],
    // Bundled CommonJS (oclif) calls require(); give the ES modules one.
    banner: { js: "import { createRequire as __yavaRequire } from 'node:module'; const require = __yavaRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  rewritePlaceholders('dist/cli-bundle');
  // bin/run.js's fast path (cli/fastPath.ts, no oclif) as one CommonJS file: require() reads
  // it in one go, where Node 20's ES module loader would resolve, read and link each chunk.
  // It is small and pure (its own copy of luxon loads only when a command needs it).
  await esbuild.build({
    entryPoints: ['dist/cli/fastPath.js'],
    outfile: 'dist/cli-bundle/fast.cjs',
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  run(process.execPath, ['node_modules/oclif/bin/run.js', 'manifest']);
  await writeFastCommands();
}

/**
 * bin/run.js's fast path (cli/fastPath.ts) reads the command lines of its commands with their
 * own flag definitions: described here from each command class (as compiled, beside the
 * oclif that built it) into dist/cli-bundle/fast-commands.json.
 */
async function writeFastCommands() {
  const { FAST_ACTIONS } = await import(pathToFileURL(resolve('dist/cli/fastPath.js')).href);
  const { describeCommand } = await import(pathToFileURL(resolve('dist/cli/fastSpec.js')).href);
  const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8'));
  const specs = {};
  for (const id of Object.keys(FAST_ACTIONS)) {
    const compiled = manifest.commands[id].relativePath.join('/').replace(/^dist\/cli-bundle\//, 'dist/cli/');
    const { default: command } = await import(pathToFileURL(resolve(compiled)).href);
    specs[id] = describeCommand(id, command);
  }
  writeFileSync('dist/cli-bundle/fast-commands.json', JSON.stringify(specs));
}
