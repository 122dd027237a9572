import { expect } from 'chai';
import * as migration from '../../migrations/20261210093000_respell_time_zones.js';
import { invitee, setUpBookingWorld, type BookingWorld } from '../core/booking/helpers.js';

describe('migration respell_time_zones: zones stored before they were canonicalised', () => {
  let w: BookingWorld;
  const zoneOf = async (table: string, where: Record<string, unknown>) => (await w.db(table).where(where).first('timezone')).timezone as string | null;

  beforeEach(async function () {
    this.timeout(120_000); // the first test starts the shared database
    w = await setUpBookingWorld();
  });

  it('spells every stored zone as the tz database does, in every table that keeps one', async () => {
    const { db, users } = w;
    await w.scheduling.createEventType(users.bob, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true });
    const { series, occurrences } = await w.booking.scheduleSeries({ user: 'bob', eventType: 'sync', start: '2026-12-01T09:00:00Z', invitee: invitee('Gil', 'gil@x.org', 'Asia/Kolkata'), recurrence: { frequency: 'weekly', count: 2 } });
    const bookingId = occurrences[0]!.booking.id;
    const eventTypeId = (await db('event_types').where({ slug: 'sync' }).first('id')).id;
    // As the code before 95f7b37 stored them: as typed.
    await db('users').where({ id: users.bob }).update({ timezone: 'europe/berlin' });
    await db('users').where({ id: users.cy }).update({ timezone: 'AMERICA/NEW_YORK' });
    await db('schedules').insert({ user_id: users.bob, timezone: 'europe/berlin', is_default: true });
    await db('booking_attendees').where({ booking_id: bookingId }).update({ timezone: 'asia/kolkata' });
    await db('booking_series').where({ id: series.id }).update({ timezone: 'europe/berlin' });
    await db('waitlist_entries').insert({ event_type_id: eventTypeId, start_at: new Date('2026-12-01T09:00:00Z'), name: 'W', email: 'w@x.org', timezone: 'utc' });
    await db('meeting_requests').insert({ user_id: users.ada, source: 'cli', status: 'closed', text: 'lunch', timezone: 'pacific/auckland', reference_at: new Date(), intent: '{}', expires_at: new Date() });
    await db('chat_accounts').insert([
      { platform: 'slack', workspace_id: 'T1', external_user_id: 'U1', user_id: users.ada, timezone: 'australia/lord_howe' },
      { platform: 'slack', workspace_id: 'T1', external_user_id: 'U2', user_id: users.bob, timezone: null },
    ]);
    const [connection] = await db('calendar_connections').insert({ user_id: users.ada, provider: 'google', account: 'ada@x.org', credentials: 'sealed' }).returning('id');
    await db('connected_calendars').insert({ connection_id: connection.id, user_id: users.ada, external_id: 'primary', name: 'Work', timezone: 'america/argentina/buenos_aires' });

    await migration.up(db);

    expect(await zoneOf('users', { id: users.bob })).to.equal('Europe/Berlin');
    expect(await zoneOf('users', { id: users.cy })).to.equal('America/New_York');
    expect(await zoneOf('users', { id: users.ada })).to.equal('UTC');
    expect(await zoneOf('schedules', { user_id: users.bob })).to.equal('Europe/Berlin');
    expect(await zoneOf('booking_attendees', { booking_id: bookingId })).to.equal('Asia/Kolkata');
    expect(await zoneOf('booking_series', { id: series.id })).to.equal('Europe/Berlin');
    expect(await zoneOf('waitlist_entries', { email: 'w@x.org' })).to.equal('UTC');
    expect(await zoneOf('meeting_requests', { user_id: users.ada })).to.equal('Pacific/Auckland');
    expect(await zoneOf('chat_accounts', { external_user_id: 'U1' })).to.equal('Australia/Lord_Howe');
    expect(await zoneOf('chat_accounts', { external_user_id: 'U2' })).to.equal(null);
    expect(await zoneOf('connected_calendars', { external_id: 'primary' })).to.equal('America/Argentina/Buenos_Aires');
  });

  it('keeps an alias the alias it is, and leaves a value that is no zone as it was', async () => {
    const { db, users } = w;
    await db('users').where({ id: users.ada }).update({ timezone: 'asia/calcutta' });
    await db('users').where({ id: users.bob }).update({ timezone: 'Mars/Olympus_Mons' });
    await db('users').where({ id: users.cy }).update({ timezone: 'Asia/Kolkata' });
    await migration.up(db);
    expect(await zoneOf('users', { id: users.ada })).to.equal('Asia/Calcutta');
    expect(await zoneOf('users', { id: users.bob })).to.equal('Mars/Olympus_Mons');
    expect(await zoneOf('users', { id: users.cy })).to.equal('Asia/Kolkata');
  });

  it('moves the host data version of a host whose zone it respells, so cached slots are worked out again', async () => {
    const { db, users } = w;
    await db('users').where({ id: users.bob }).update({ timezone: 'europe/berlin' });
    const version = async () => (await db('host_data_versions').where({ user_id: users.bob }).first())?.version;
    const before = await version();
    await migration.up(db);
    expect(await version()).to.not.equal(before);
  });
});
