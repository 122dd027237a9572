import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type { RunningServer } from '../../../../server/compose.js';
import { ApiClient } from '../../../../cli/client.js';
import ExportMeetings from '../../../../cli/commands/export/meetings.js';
import { createFixedClock } from '../../../../core/clock.js';
import { CSV_BATCH } from '../../../../core/exports/meetingsCsv.js';
import { SEED_BOOKINGS, seedAnalytics } from '../../../helpers/analyticsDataset.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { runWith } from '../../../cli/commands/harness.js';

describe('GET /api/exports/meetings.csv and .pdf, yava export meetings', () => {
  let server: RunningServer;
  let call: ApiCall;
  let token: string;
  let ids: Record<string, string>;
  let dir: string;
  const RANGE = 'scope=team:sales&from=2026-10-19&to=2026-11-01';

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    dir = mkdtempSync(join(tmpdir(), 'yava-export-'));
    server = await startTestServer({ clock: createFixedClock('2026-11-02T12:00:00Z') });
    call = apiClient(server.url);
    await registerUser(call, { username: 'root' });
    token = (await registerUser(call, { username: 'ada' })).accessToken;
    const ben = await registerUser(call, { username: 'ben' });
    const ada = await server.deps.db('users').where({ username: 'ada' }).first('id');
    ids = await seedAnalytics(server.deps.db, { ada: ada.id, ben: ben.user.id });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips through a CSV parser: every row and status, times with the zone\u2019s offset, quotes and line breaks intact', async () => {
    const res = await call('GET', `/api/exports/meetings.csv?${RANGE}&timezone=Europe/Berlin`, { token });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('x-total-count')).to.equal('10');
    expect(res.text.split('\r\n')[0]).to.equal('id,title,status,start,end,duration_minutes,event_type,hosts,attendee_names,attendee_emails,location,booked_at,canceled_by,cancel_reason,notes');
    const rows: Array<Record<string, string>> = parse(res.text, { columns: true });
    // The team's own bookings: not ben's ad hoc B10.
    const inRange = SEED_BOOKINGS.filter((b) => b.key !== 'OUT' && b.key !== 'B10');
    expect(rows.map((r) => r.id).sort()).to.deep.equal(inRange.map((b) => ids[b.key]).sort());
    expect(new Set(rows.map((r) => r.status))).to.deep.equal(new Set(['completed', 'no_show', 'canceled', 'rejected', 'scheduled']));
    const byKey = (k: string) => rows.find((r) => r.id === ids[k])!;
    expect(byKey('B1')).to.include({ start: '2026-10-19T10:00:00+02:00', end: '2026-10-19T10:30:00+02:00', booked_at: '2026-10-18T10:00:00+02:00', hosts: 'ada', attendee_emails: 'ann@x.org', notes: 'Agenda, "quoted"\nsecond line', duration_minutes: '30' });
    expect(byKey('B11')).to.include({ start: '2026-10-25T23:30:00+01:00', status: 'completed' });
    expect(byKey('B4')).to.include({ status: 'canceled', canceled_by: 'attendee:bob@x.org', cancel_reason: 'Cannot make it' });
    expect(byKey('B2').status).to.equal('no_show');
    const ny: Array<Record<string, string>> = parse((await call('GET', `/api/exports/meetings.csv?${RANGE}&timezone=America/New_York&bom=1`, { token })).text, { columns: true, bom: true });
    expect(ny.find((r) => r.id === ids.B1)!.start).to.equal('2026-10-19T04:00:00-04:00');
  });

  it('streams more rows than one batch, in order, and guards against spreadsheet formulas', async () => {
    const host = await server.deps.db('users').where({ username: 'ben' }).first('id');
    const rr = await server.deps.db('event_types').where({ slug: 'rr' }).first('id');
    const rows = Array.from({ length: CSV_BATCH * 2 + 7 }, (_, i) => {
      const start = new Date(Date.UTC(2026, 8, 1) + i * 40 * 60_000);
      return { id: randomUUID(), title: i === 0 ? '=HYPERLINK("x")' : `Bulk ${i}`, start_at: start, end_at: new Date(start.getTime() + 1_800_000), status: 'completed', ical_uid: `bulk-${i}@test`, event_type_id: rr.id };
    });
    for (let i = 0; i < rows.length; i += 200) await server.deps.db('bookings').insert(rows.slice(i, i + 200));
    for (let i = 0; i < rows.length; i += 200) await server.deps.db('booking_hosts').insert(rows.slice(i, i + 200).map((r) => ({ booking_id: r.id, user_id: host.id, busy: `[${r.start_at.toISOString()},${r.end_at.toISOString()})`, active: false })));
    const res = await call('GET', '/api/exports/meetings.csv?scope=team:sales&from=2026-09-01&to=2026-09-30&timezone=UTC', { token });
    expect(res.headers.get('transfer-encoding')).to.equal('chunked');
    const parsed: Array<Record<string, string>> = parse(res.text, { columns: true });
    expect(parsed.map((r) => r.id)).to.deep.equal(rows.map((r) => r.id));
    expect(parsed[0]!.title).to.equal('\'=HYPERLINK("x")');
  });

  it('the PDF report has the totals and charts, readable by pdftotext', async () => {
    const res = await fetch(`${server.url}/api/exports/meetings.pdf?${RANGE}&timezone=Europe/Berlin&groupBy=week`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).to.include('Meetings report');
    expect(text).to.match(/Scope: team:sales\s+Days: 2026-10-19 to 2026-11-01\s+Time zone: Europe\/Berlin/);
    expect(text).to.include('Meetings: 10');
    expect(text).to.match(/completed: 5\s+no-show: 2/);
    expect(text).to.include('No-shows: 2 of 7 held (28.6%)');
    expect(text).to.include('Meetings per week');
    expect(text).to.include('Busiest: Mon 10:00 (2 meetings)');
    expect(text).to.include('ben: 1 of 2 held (50%)');
  });

  it('yava export meetings writes the CSV and the PDF to files', async () => {
    const api = new ApiClient({ server: server.url, token });
    const csvFile = join(dir, 'm.csv');
    const csv = await runWith<{ rows: number; bytes: number }>(ExportMeetings, ['--format', 'csv', '--scope', 'team:sales', '--from', '2026-10-19', '--to', '2026-11-01', '--tz', 'Europe/Berlin', '--output', csvFile], api);
    expect(csv.result.rows).to.equal(10);
    expect(parse(readFileSync(csvFile, 'utf8'), { columns: true })).to.have.length(10);
    expect(csv.stdout).to.include(`Wrote ${csvFile} (10 meetings`);
    const pdfFile = join(dir, 'm.pdf');
    await runWith(ExportMeetings, ['--format', 'pdf', '--scope', 'team:sales', '--from', '2026-10-19', '--to', '2026-11-01', '--tz', 'Europe/Berlin', '--output', pdfFile], api);
    expect(execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' })).to.include('Meetings: 10');
    expect((await call('GET', `/api/exports/meetings.csv?scope=all`, { token })).status).to.equal(403);
  });
});
