import { terminal } from './terminal.js';

/** All of stdin (for `--password-stdin` and piped `yava parse`). */
export async function readAllInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of terminal.input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** stdin one line at a time. */
export async function* readInputLines(): AsyncGenerator<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: terminal.input, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) yield line;
}
