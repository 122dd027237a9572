import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';
import { spawnServer, stop } from '../../../helpers/apiProcesses.js';
import { offerTokenFor } from '../../../helpers/waitlist.js';

const countBy = (results: Array<{ status: number; body: { code?: string; reason?: string; details?: { reason?: string } } }>) => {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status < 300 ? String(r.status) : `${r.status} ${r.body?.code} ${r.body?.reason ?? r.body?.details?.reason}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

/**
 * Sends until the answer is not 503 server_busy: on a loaded machine (many test databases on one
 * PostgreSQL) a request can be refused before any work (pool or connection limit), as a load
 * balancer's client would retry it. Every other answer counts.
 */
const untilServed = async <T extends { status: number; body: { code?: string } }>(send: () => Promise<T>): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    const res = await send();
    if (res.status !== 503 || res.body?.code !== 'server_busy' || attempt >= 20) return res;
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
  }
};

describe('group sessions under concurrency (PostgreSQL, two API processes)', function () {
  this.timeout(120_000);
  let server: RunningServer;
  let call: ApiCall;
  const children: ChildProcess[] = [];
  let clients: ApiCall[];
  // Child processes use the system clock: book next year.
  const clock = createFixedClock(new Date());
  const monday = (hhmm: string) => {
    const d = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 5));
    while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
    return `${d.toISOString().slice(0, 10)}T${hhmm}:00.000Z`;
  };

  before(async function () {
    this.timeout(400_000);
    if (!usingPostgres()) return this.skip();
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    const url = await testDatabaseUrl();
    const [p1, p2] = await Promise.all([spawnServer(url), spawnServer(url)]);
    children.push(p1.child, p2.child);
    clients = [apiClient(p1.url), apiClient(p2.url)];
    const h = await createHost(call, 'seat-race');
    await createEventType(call, h.token, { slug: 'webinar', kind: 'group', seats: 5, durationMinutes: 60, maxDaysAhead: 800, location: 'https://meet.example/w' });
  });
  after(async () => {
    await Promise.all(children.map(stop));
    if (server) await server.close();
  });

  const sessionOf = async (start: string) => {
    const rows = await server.deps.db('bookings').where({ start_at: new Date(start) }).whereNotNull('seats_total').select('id', 'seats_taken', 'status');
    expect(rows, 'exactly one session').to.have.length(1);
    const seated = await server.deps.db('booking_attendees').where({ booking_id: rows[0].id }).whereNull('canceled_at').count('* as n').first();
    return { ...rows[0], seated: Number(seated!.n) };
  };

  it('40 parallel bookings into a 5-seat session: exactly 5 seated, 35 refused as full', async () => {
    const start = monday('09:00');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => untilServed(() => clients[i % 2]!('POST', '/api/meetings/schedule', { body: { user: 'seat-race', eventType: 'webinar', start, invitee: invitee(i) } }))));
    expect(countBy(results)).to.deep.equal({ '201': 5, '409 slot_unavailable full': 35 });
    const session = await sessionOf(start);
    expect(session).to.include({ seats_taken: 5, seated: 5, status: 'scheduled' });
    expect(await server.deps.db('booking_hosts').where({ booking_id: session.id }).count('* as n').first()).to.deep.equal({ n: 1 });
  });

  it('10 parallel bookings of one address (any case): exactly one seat, the rest refused as seated', async () => {
    const start = monday('13:00');
    const person = (i: number) => ({ ...invitee(200), email: i % 2 ? 'Guest200@Example.org' : 'guest200@example.org' });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => untilServed(() => clients[i % 2]!('POST', '/api/meetings/schedule', { body: { user: 'seat-race', eventType: 'webinar', start, invitee: person(i) } }))));
    expect(countBy(results)).to.deep.equal({ '201': 1, '409 conflict seated': 9 });
    expect(await sessionOf(start)).to.include({ seats_taken: 1, seated: 1 });
  });

  let seatedTokens: Array<{ id: string; manageToken: string }> = [];

  it('40 parallel bookings asking for the waitlist: exactly 5 seated, 35 waitlisted in one line', async () => {
    const start = monday('11:00');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => untilServed(() => clients[i % 2]!('POST', '/api/meetings/schedule', { body: { user: 'seat-race', eventType: 'webinar', start, invitee: invitee(100 + i), waitlist: true } }))));
    expect(countBy(results)).to.deep.equal({ '201': 5, '202': 35 });
    expect(await sessionOf(start)).to.include({ seats_taken: 5, seated: 5 });
    const positions = results.filter((r) => r.status === 202).map((r) => (r.body as unknown as { waitlist: { position: number } }).waitlist.position);
    expect([...positions].sort((x, y) => x - y), 'every place in line is distinct').to.deep.equal(Array.from({ length: 35 }, (_, i) => i + 1));
    seatedTokens = results.filter((r) => r.status === 201).map((r) => r.body as unknown as { id: string; manageToken: string });
  });

  it('20 parallel confirmations of one waitlist offer: exactly one seat taken', async () => {
    const start = monday('11:00');
    const gaveUp = await clients[0]!('POST', `/api/meetings/${seatedTokens[0]!.id}/cancel?token=${seatedTokens[0]!.manageToken}`, { body: {} });
    expect(gaveUp.status, gaveUp.text).to.equal(200);
    const offered = await server.deps.db('waitlist_entries').where({ status: 'offered' }).select('id', 'email');
    expect(offered, 'the freed seat is offered to one person').to.have.length(1);
    const token = await offerTokenFor(server, offered[0].email);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => untilServed(() => clients[i % 2]!('POST', `/api/waitlist/offers/${token}/confirm`))));
    expect(countBy(results)).to.deep.equal({ '201': 1, '409 invalid_transition undefined': 19 });
    expect(await sessionOf(start)).to.include({ seats_taken: 5, seated: 5 });
    const entry = await server.deps.db('waitlist_entries').where({ id: offered[0].id }).first('status');
    expect(entry.status).to.equal('booked');
    const seatsOfThem = await server.deps.db('booking_attendees').where({ email: offered[0].email }).whereNull('canceled_at').count('* as n').first();
    expect(seatsOfThem).to.deep.equal({ n: 1 });
  });
});
