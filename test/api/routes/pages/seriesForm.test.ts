import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';
import { hiddenValue, pageClient } from './helpers.js';

describe('booking page: "repeat weekly for N meetings" (no JavaScript)', () => {
  let server: RunningServer;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const formPath = (slug: string) => `/rhea/${slug}/book?start=2026-12-01T09:00:00.000Z&timezone=Europe/Berlin`;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const host = await registerUser(apiClient(server.url), { username: 'rhea', timezone: 'Europe/Berlin' });
    const { scheduling, booking } = server.deps.services;
    await scheduling.createEventType(host.user.id, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true, seriesMaxOccurrences: 8 });
    await scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    await booking.scheduleBooking({ user: 'rhea', eventType: 'sync', start: '2026-12-22T09:00:00Z', invitee: { name: 'O', email: 'o@example.com', timezone: 'UTC' } });
  });
  after(() => server.close());

  it('offers the repeat fields only on event types that allow series', async () => {
    const client = pageClient(server.url);
    const sync = await client.get(formPath('sync'));
    expect(sync.text).to.include('<select id="repeat" name="repeat">').and.include('max="8"').and.include('name="allowPartial"');
    expect((await client.get(formPath('intro'))).text).not.to.include('name="repeat"');
  });

  it('books a weekly series from the form: refused whole naming week 4, then 5 of 6 with "book the free ones"', async () => {
    const client = pageClient(server.url);
    const page = await client.get(formPath('sync'));
    const form = { _csrf: hiddenValue(page.text, '_csrf'), start: hiddenValue(page.text, 'start'), timezone: 'Europe/Berlin', name: 'Gil', email: 'gil@example.com', repeat: 'weekly', count: '6' };
    const refused = await client.post('/rhea/sync/book', form);
    expect(refused.status).to.equal(409);
    expect(refused.text).to.include('Week 4, 2026-12-22 10:00 Europe/Berlin is taken');
    expect(await server.deps.db('bookings').whereNotNull('series_id')).to.have.length(0);
    const booked = await client.post('/rhea/sync/book', { ...form, allowPartial: '1' });
    expect(booked.status).to.equal(201);
    expect(booked.text).to.include('Booked: Sync, 5 meetings');
    expect(booked.text).to.include('week 4, 2026-12-22 10:00 Europe/Berlin (taken)');
    expect(booked.text.match(/href="\/meetings\/[0-9a-f-]{36}\?token=yava_mt_/g)).to.have.length(5);
    expect(await server.deps.db('bookings').whereNotNull('series_id')).to.have.length(5);
    expect(booked.text).to.include('We e-mailed you one invitation for the whole series.');
  });

  it('says "1 meeting" when only one of the series is booked', async () => {
    await server.deps.services.booking.scheduleBooking({ user: 'rhea', eventType: 'sync', start: '2027-01-19T09:00:00Z', invitee: { name: 'O', email: 'o@example.com', timezone: 'UTC' } });
    const client = pageClient(server.url);
    const page = await client.get('/rhea/sync/book?start=2027-01-12T09:00:00.000Z&timezone=Europe/Berlin');
    const form = { _csrf: hiddenValue(page.text, '_csrf'), start: hiddenValue(page.text, 'start'), timezone: 'Europe/Berlin', name: 'Ivy', email: 'ivy@example.com', repeat: 'weekly', count: '2', allowPartial: '1' };
    const booked = await client.post('/rhea/sync/book', form);
    expect(booked.text).to.include('Booked: Sync, 1 meeting</h1>');
  });

  it('says no invitation is coming when the invitee had unsubscribed from confirmations', async () => {
    const row = await server.deps.db('outbox').whereLike('idempotency_key', 'series:%').whereRaw("lower(payload->>'to') = ?", ['gil@example.com']).first('payload');
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    await server.deps.services.notify.settings.unsubscribe(new URL(payload.unsubscribeUrl).pathname.split('/').pop()!);
    const client = pageClient(server.url);
    const page = await client.get('/rhea/sync/book?start=2026-12-02T09:00:00.000Z&timezone=Europe/Berlin');
    const booked = await client.post('/rhea/sync/book', { _csrf: hiddenValue(page.text, '_csrf'), start: '2026-12-02T09:00:00.000Z', timezone: 'Europe/Berlin', name: 'Gil', email: 'gil@example.com', repeat: 'weekly', count: '2' });
    expect(booked.status, booked.text.slice(0, 500)).to.equal(201);
    expect(booked.text).to.include('No e-mail is coming to you').and.not.include('We e-mailed you');
  });
});
