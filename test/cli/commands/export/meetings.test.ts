import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExportMeetings from '../../../../cli/commands/export/meetings.js';
import { todayIn } from '../../../../cli/today.js';
import { addDays } from '../../../../core/time/units.js';
import { fakeApi, reportedError, runWith } from '../harness.js';

describe('cli/commands/export/meetings', () => {
  const CSV = 'id,title\r\nm1,Intro\r\n';
  let server: http.Server;
  let base: string;
  const seen: URL[] = [];
  let dir: string;
  const api = () => ({ ...fakeApi({}), server: base, url: (p: string, q?: Record<string, unknown>) => `${base}${p}?${new URLSearchParams(Object.entries(q ?? {}).filter(([, v]) => v !== undefined) as [string, string][])}` });

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url);
      if (url.searchParams.get('scope') === 'all') {
        res.writeHead(403, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 403, title: 'Forbidden', detail: 'scope all is for admins', code: 'forbidden' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv', 'x-total-count': '1' }).end(CSV);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yava-export-meetings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  after(async () => {
    await new Promise((r) => server.close(r));
  });

  it('leaves an existing --output file as it was when the export is refused, with no temporary file behind', async () => {
    const file = join(dir, 'meetings.csv');
    writeFileSync(file, 'last month\r\n');
    const { exit, message } = await reportedError(ExportMeetings, ['--scope', 'all', '--output', file], api());
    expect(exit).to.equal(3);
    expect(message).to.equal('scope all is for admins');
    expect(readFileSync(file, 'utf8')).to.equal('last month\r\n');
    expect(readdirSync(dir)).to.deep.equal(['meetings.csv']);
  });

  it('replaces an existing --output file once the export has arrived', async () => {
    const file = join(dir, 'meetings.csv');
    writeFileSync(file, 'last month\r\n');
    const { result } = await runWith<{ file: string; rows: number }>(ExportMeetings, ['--output', file], api());
    expect(result).to.include({ file, rows: 1 });
    expect(readFileSync(file, 'utf8')).to.equal(CSV);
    expect(readdirSync(dir)).to.deep.equal(['meetings.csv']);
  });

  it('names the file by the range it asks for, the defaults filled in (meetings-<from>-<to>.<format>)', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const one = await runWith<{ file: string }>(ExportMeetings, ['--to', '2026-10-31', '--tz', 'Europe/Berlin'], api());
      expect(one.result.file).to.equal('meetings-2026-10-02-2026-10-31.csv');
      expect(Object.fromEntries(seen.at(-1)!.searchParams)).to.include({ from: '2026-10-02', to: '2026-10-31' });
      const today = todayIn('Europe/Berlin');
      const two = await runWith<{ file: string }>(ExportMeetings, ['--tz', 'Europe/Berlin'], api());
      expect(two.result.file).to.equal(`meetings-${addDays(today, -29)}-${today}.csv`);
      expect(readdirSync(dir).sort()).to.deep.equal([two.result.file, one.result.file].sort());
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses an --output path it cannot write as a usage error naming --output (exit 2), before asking the server', async () => {
    const before = seen.length;
    const file = join(dir, 'missing', 'x.csv');
    const { exit, message } = await reportedError(ExportMeetings, ['--output', file], api());
    expect(exit).to.equal(2);
    expect(message).to.equal(`--output: cannot write ${file} (no such directory)`);
    expect(seen.length).to.equal(before);
    expect(existsSync(join(dir, 'missing'))).to.equal(false);
  });
});
