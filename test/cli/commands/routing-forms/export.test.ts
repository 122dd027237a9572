import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RoutingFormsExport from '../../../../cli/commands/routing-forms/export.js';
import { fakeApi, runWith } from '../harness.js';

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
});
