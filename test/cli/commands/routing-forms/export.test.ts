import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RoutingFormsExport from '../../../../cli/commands/routing-forms/export.js';
import { fakeApi, reportedError, runWith } from '../harness.js';

describe('cli/commands/routing-forms/export', () => {
  const CSV = 'id,submitted_at,email,route\r\nr1,2026-11-24T10:00:00.000Z,a@b.de,event_type\r\nr2,2026-11-24T10:01:00.000Z,"x,y@b.de",refuse\r\n';
  let server: http.Server;
  let base: string;
  const seen: Array<{ url?: string; auth?: string }> = [];
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yava-routing-export-'));
    server = http.createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      if (req.url?.includes('/gone/')) {
        res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 404, title: 'Not Found', detail: 'No routing form gone' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv', 'x-total-count': '2' }).end(CSV);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await new Promise((r) => server.close(r));
  });

  it('downloads the form\u2019s CSV with the token into the file named by --output', async () => {
    const api = { ...fakeApi({}), server: base, url: (p: string) => base + p };
    const file = join(dir, 'out.csv');
    const { result } = await runWith<{ rows: number; bytes: number; file: string }>(RoutingFormsExport, ['sales', '--output', file], api);
    expect(readFileSync(file, 'utf8')).to.equal(CSV);
    expect(result).to.deep.equal({ file, bytes: Buffer.byteLength(CSV), rows: 2 });
    expect(seen.at(-1)).to.deep.equal({ url: '/api/routing-forms/sales/responses.csv', auth: 'Bearer yava_pat_test' });
  });

  it('leaves an existing --output file as it was when the export is refused', async () => {
    const api = { ...fakeApi({}), server: base, url: (p: string) => base + p };
    const sub = mkdtempSync(join(dir, 'refused-'));
    const file = join(sub, 'out.csv');
    writeFileSync(file, 'kept\r\n');
    const { exit } = await reportedError(RoutingFormsExport, ['gone', '--output', file], api);
    expect(exit).to.equal(4);
    expect(readFileSync(file, 'utf8')).to.equal('kept\r\n');
    expect(readdirSync(sub)).to.deep.equal(['out.csv']);
  });

  it('refuses an --output path it cannot write as a usage error naming --output (exit 2)', async () => {
    const api = { ...fakeApi({}), server: base, url: (p: string) => base + p };
    const file = join(dir, 'missing', 'out.csv');
    const { exit, message } = await reportedError(RoutingFormsExport, ['sales', '--output', file], api);
    expect({ exit, message }).to.deep.equal({ exit: 2, message: `--output: cannot write ${file} (no such directory)` });
  });
});
