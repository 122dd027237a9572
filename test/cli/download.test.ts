import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { downloadTo, progressBar } from '../../cli/download.js';

describe('cli/download progressBar', () => {
  it('fills in proportion and names the unit; without a total it counts', () => {
    expect(progressBar(450, 1000, 'rows', 10)).to.equal('[#####.....]  45%  450/1000 rows');
    expect(progressBar(1200, 1000, 'rows', 4)).to.equal('[####] 100%  1000/1000 rows');
    expect(progressBar(512, null, 'bytes')).to.equal('512 bytes');
  });
});

describe('cli/download downloadTo', () => {
  let server: Server;
  let base: string;
  before(async () => {
    // A body far larger than any stream buffer, so the writer has to wait for 'drain'.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      const line = `${'x'.repeat(1023)}\n`;
      for (let i = 0; i < 2048; i++) res.write(line);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => ({ server: base, token: 'yava_pat_test', url: (path: string) => `${base}${path}` }) as unknown as Parameters<typeof downloadTo>[0];

  it('fails with the output\u2019s error when the output stops taking data (a full disk) instead of waiting for ever', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    let written = 0;
    // Takes 64 kB, then every write fails, as a file on a full disk does.
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        setImmediate(() => done(written > 64 * 1024 ? full : null));
      },
    });
    out.on('error', () => {});
    const error = await downloadTo(client(), '/export.csv', {}, out, { countRows: true }).then(
      () => expect.fail('expected the download to fail'),
      (e: unknown) => e,
    );
    expect(error).to.equal(full);
  });

  it('writes everything to an output that keeps up', async () => {
    let written = 0;
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        setImmediate(done);
      },
    });
    const result = await downloadTo(client(), '/export.csv', {}, out, { countRows: true });
    expect(result.bytes).to.equal(2048 * 1024);
    expect(written).to.equal(2048 * 1024);
  });
});
