import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Verifier = (rawBody: string | Buffer, signatureHeader: string | undefined, secret: string, nowSeconds?: number) => boolean;

/** The webhook verifier exactly as the README shows it, loaded as its own ES module. */
export async function loadReadmeVerifier(): Promise<Verifier> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /<!-- verifier:start -->\s*```js\n([\s\S]*?)```\s*<!-- verifier:end -->/.exec(readme);
  if (!block) throw new Error('README has no verifier snippet between <!-- verifier:start --> and <!-- verifier:end -->');
  const dir = mkdtempSync(join(tmpdir(), 'yava-verifier-'));
  try {
    const file = join(dir, 'verifier.mjs');
    writeFileSync(file, block[1]!);
    const mod = (await import(pathToFileURL(file).href)) as { verifyYavaWebhook: Verifier };
    return mod.verifyYavaWebhook;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
