import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';

/**
 * What one booking costs the database: every statement is a round trip, and the host's bookings
 * of an event type with a limit wait for each other's whole transaction (bench/load).
 */
describe('POST /api/meetings/schedule statements', () => {
  let server: RunningServer;
  let call: ApiCall;
  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-24T10:00:00Z') });
    call = apiClient(server.url);
  });
  after(async () => server?.close());

  async function statementsOf(body: object, status = 201): Promise<string[]> {
    const seen: string[] = [];
    const listener = (q: { sql: string }) => seen.push(q.sql);
    server.deps.db.on('query', listener);
    try {
      const res = await call('POST', '/api/meetings/schedule', { body });
      expect(res.status, res.text).to.equal(status);
    } finally {
      server.deps.db.off('query', listener);
    }
    return seen;
  }

  it("books in at most 13 statements (a booking's rows in one), reads the meeting for its notifications once, and takes no host lock when nothing is counted", async () => {
    const h = await createHost(call, 'stm-1');
    await createEventType(call, h.token, { slug: 'x' });
    const seen = await statementsOf({ user: 'stm-1', eventType: 'x', start: '2026-11-25T10:00:00Z', invitee: invitee(1) });
    expect(seen.length, seen.join('\n')).to.be.at.most(13);
    expect(seen.filter((sql) => /insert into "booking_(hosts|attendees|status_history)"/.test(sql)), 'the booking, its hosts, attendees and history go in one statement').to.have.length(1);
    // The e-mails, reminders, in-app notices and webhooks share one read of the meeting.
    expect(seen.filter((sql) => sql.includes('AS event_type_location'))).to.have.length(1);
    expect(seen.filter((sql) => sql.includes('pg_advisory_xact_lock'))).to.have.length(0);
  });

  it('takes the host lock for an event type with a daily limit', async () => {
    const h = await createHost(call, 'stm-2');
    await createEventType(call, h.token, { slug: 'y', dailyLimit: 4 });
    const seen = await statementsOf({ user: 'stm-2', eventType: 'y', start: '2026-11-25T10:00:00Z', invitee: invitee(2) });
    expect(seen.filter((sql) => sql.includes('pg_advisory_xact_lock'))).to.have.length(1);
  });

  it('answers a taken slot (409, with the nearest free times) in at most 5 statements', async () => {
    const h = await createHost(call, 'stm-3');
    await createEventType(call, h.token, { slug: 'z' });
    const body = { user: 'stm-3', eventType: 'z', start: '2026-11-25T10:00:00Z' };
    await statementsOf({ ...body, invitee: invitee(3) });
    const seen = await statementsOf({ ...body, invitee: invitee(4) }, 409);
    expect(seen.length, seen.join('\n')).to.be.at.most(5);
  });
});
