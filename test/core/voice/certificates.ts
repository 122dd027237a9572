import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CA and a leaf for echo-api.amazon.com it signed, made with openssl now (valid from now, for a year). */
export function makeChain(san = 'DNS:echo-api.amazon.com') {
  const dir = mkdtempSync(join(tmpdir(), 'yava-alexa-'));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '365', '-subj', '/CN=Test Root CA');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=echo-api.amazon.com');
    writeFileSync(f('ext'), `subjectAltName=${san}\n`);
    ssl('x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.pem'), '-days', '365', '-extfile', f('ext'));
    const [ca, leaf, key] = [readFileSync(f('ca.pem'), 'utf8'), readFileSync(f('leaf.pem'), 'utf8'), readFileSync(f('leaf.key'), 'utf8')];
    return { ca, chain: leaf + ca, key: createPrivateKey(key) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

