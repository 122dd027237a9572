import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ERROR_CODES } from '../../core/errors.js';

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const tree = ['core', 'api', 'bot', 'cli'].flatMap(sources).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('core/errors', () => {
  it('every error code is thrown somewhere (no dead codes)', () => {
    const thrown = new Set(tree.flatMap(({ text }) => [...text.matchAll(/DomainError\(\s*'([a-z_]+)'/g)].map((m) => m[1])));
    expect(ERROR_CODES.filter((code) => !thrown.has(code))).to.deep.equal([]);
  });

  it('every code a front door or core compares against is a known code', () => {
    const known = new Set<string>(ERROR_CODES);
    const compared = tree.flatMap(({ path, text }) =>
      [...text.matchAll(/\b(?:error|domain|problem)\.code\s*[!=]==\s*'([a-z]+_[a-z_]+)'/g)].map((m) => ({ path, code: m[1]! })),
    );
    expect(compared.length).to.be.greaterThan(0);
    expect(compared.filter((c) => !known.has(c.code))).to.deep.equal([]);
  });
});
