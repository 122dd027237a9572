/**
 * Downloads a file from the API into a stream, chunk by chunk (nothing is held in memory),
 * drawing a progress bar on stderr when it is a terminal: rows against `X-Total-Count` for
 * CSV, bytes otherwise.
 */
import type { Writable } from 'node:stream';
import type { Api, Query } from './client.js';
import { ApiError, CliError, UnreachableError, type Problem } from './errors.js';
import { EXIT } from './exitCodes.js';
import { terminal } from './terminal.js';

export interface DownloadResult {
  bytes: number;
  /** Lines received after the header (CSV rows whose fields hold no line break). */
  lines: number;
  total: number | null;
}

/** `[#####.....]  45%  450/1000 rows` */
export function progressBar(done: number, total: number | null, unit: string, width = 30): string {
  if (!total) return `${done} ${unit}`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${Math.min(done, total)}/${total} ${unit}`;
}

/**
 * Waits until `out` takes more. A stream that fails instead (a full disk) rejects with its
 * error: 'drain' would never come.
 */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      out.off('drain', settle).off('close', settle).off('error', settle);
      if (out.errored || out.destroyed) reject(out.errored ?? new Error('the output closed before the download ended'));
      else resolve();
    };
    if (out.errored || out.destroyed) return settle();
    out.on('drain', settle).on('close', settle).on('error', settle);
  });
}

export async function downloadTo(client: Api, path: string, query: Query, out: Writable, options: { countRows: boolean }): Promise<DownloadResult> {
  if (!client.token) throw new CliError(`Not logged in to ${client.server}: run \`yava login\` or set YAVA_TOKEN`, { exit: EXIT.auth, code: 'not_logged_in' });
  let res: Response;
  try {
    res = await fetch(client.url(path, query), { headers: { authorization: `Bearer ${client.token}` } });
  } catch (error) {
    throw new UnreachableError(client.server, error);
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let problem: Problem = { status: res.status, title: res.statusText };
    try {
      problem = JSON.parse(text) as Problem;
    } catch {}
    throw new ApiError({ ...problem, status: res.status });
  }
  const total = options.countRows ? Number(res.headers.get('x-total-count') ?? '') || null : Number(res.headers.get('content-length') ?? '') || null;
  const bar = terminal.spinnerOutput;
  const draw = bar.isTTY ? (done: number) => bar.write(`\r${progressBar(done, total, options.countRows ? 'rows' : 'bytes')}`) : () => {};
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (options.countRows) for (const b of chunk) if (b === 10) newlines += 1;
    if (!out.write(chunk)) await drained(out);
    draw(options.countRows ? Math.max(0, newlines - 1) : bytes);
  }
  if (bar.isTTY) bar.write('\r\u001b[2K');
  return { bytes, lines: Math.max(0, newlines - 1), total };
}
