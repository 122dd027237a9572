import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Which top-level layers each layer may not import (DESIGN.md "Layout"). */
const FORBIDDEN: Record<string, string[]> = {
  core: ['api', 'bot', 'cli', 'server'],
  api: ['bot', 'cli', 'server'],
  bot: ['api', 'cli', 'server'],
};

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** The relative specifiers a TypeScript source imports (static, re-exports, dynamic), with their lines. */
function importsOf(source: string): Array<{ specifier: string; line: number }> {
  const out: Array<{ specifier: string; line: number }> = [];
  for (const m of source.matchAll(IMPORT)) {
    if (!m[1]!.startsWith('.')) continue;
    out.push({ specifier: m[1]!, line: source.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** `layer/file.ts:line imports other/…` for each import that points the wrong way. */
function layerViolations(file: string, source: string): string[] {
  const layer = relative(root, file).split(/[\\/]/)[0]!;
  const banned = FORBIDDEN[layer] ?? [];
  return importsOf(source)
    .map(({ specifier, line }) => ({ target: relative(root, resolve(dirname(file), specifier)).split(/[\\/]/)[0]!, specifier, line }))
    .filter(({ target }) => banned.includes(target))
    .map(({ specifier, line }) => `${relative(root, file)}:${line} imports ${specifier}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('layers point down (core ← api, core ← bot; server/ composes)', () => {
  it('finds static, re-exported and dynamic imports that point the wrong way', () => {
    const source = ["import { x } from '../../api/context.js';", "export { y } from '../core/z.js';", "const m = await import('../../bot/process.js');", "import type { T } from 'koa';"].join('\n');
    expect(layerViolations(join(root, 'core/chat/file.ts'), source)).to.deep.equal(['core/chat/file.ts:1 imports ../../api/context.js', 'core/chat/file.ts:3 imports ../../bot/process.js']);
    expect(layerViolations(join(root, 'bot/slack/file.ts'), source)).to.deep.equal(['bot/slack/file.ts:1 imports ../../api/context.js']);
    expect(layerViolations(join(root, 'api/routes/file.ts'), source)).to.deep.equal(['api/routes/file.ts:3 imports ../../bot/process.js']);
  });

  for (const layer of Object.keys(FORBIDDEN)) {
    it(`${layer}/ imports none of ${FORBIDDEN[layer]!.join(', ')}`, () => {
      const violations = sourceFiles(join(root, layer)).flatMap((file) => layerViolations(file, readFileSync(file, 'utf8')));
      expect(violations).to.deep.equal([]);
    });
  }
});
