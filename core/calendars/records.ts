/**
 * Rows of the calendar tables, read as plain objects, and the few queries every calendar use
 * case shares. Credentials stay sealed here; only openCredentials() unseals them.
 */
import type { Knex } from 'knex';
import type { SecretBox } from './secretBox.js';
import type { ConnectionStatus, Credentials, ProviderName } from './types.js';

export interface ConnectionRow {
  id: string;
  user_id: string;
  provider: ProviderName;
  account: string;
  status: ConnectionStatus;
  credentials: string;
  token_expires_at: Date | null;
  /** One more each time the account is connected again; a token refresh keeps it (migrations/20261211110000). */
  grant_version: number;
  last_synced_at: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface CalendarRow {
  id: string;
  connection_id: string;
  user_id: string;
  external_id: string;
  name: string;
  timezone: string | null;
  is_primary: boolean;
  check_conflicts: boolean;
  is_destination: boolean;
  sync_cursor: string | null;
  ctag: string | null;
  channel_id: string | null;
  channel_resource_id: string | null;
  channel_secret_hash: string | null;
  channel_expires_at: Date | null;
  last_synced_at: Date | null;
  /** How far ahead a bounded provider (Outlook) reports events; availability offers nothing after it. */
  seen_until?: Date | null;
  /** The end of the window its recurring events were last expanded over (its last full sync). */
  expanded_until?: Date | null;
}

export const openCredentials = (box: SecretBox, row: Pick<ConnectionRow, 'credentials'>): Credentials =>
  JSON.parse(box.open(row.credentials)) as Credentials;
export const sealCredentials = (box: SecretBox, credentials: Credentials): string =>
  box.seal(JSON.stringify(credentials));

export async function loadConnection(db: Knex, id: string): Promise<ConnectionRow | undefined> {
  return db<ConnectionRow>('calendar_connections').where({ id }).first();
}

export async function loadCalendar(db: Knex, id: string): Promise<CalendarRow | undefined> {
  return db<CalendarRow>('connected_calendars').where({ id }).first();
}

export async function listCalendarsOf(db: Knex, connectionId: string): Promise<CalendarRow[]> {
  return db<CalendarRow>('connected_calendars')
    .where({ connection_id: connectionId })
    .orderBy([{ column: 'is_primary', order: 'desc' }, { column: 'name' }, { column: 'id' }]);
}

/**
 * The calendar a host's bookings of `eventTypeId` are written to: the event type's override
 * when it belongs to that host, else the host's destination; null when there is none.
 */
export async function resolveDestination(
  db: Knex,
  userId: string,
  eventTypeId: string | null,
): Promise<CalendarRow | null> {
  if (eventTypeId) {
    const override = await db<CalendarRow>('connected_calendars as c')
      .join('event_types as et', 'et.destination_calendar_id', 'c.id')
      .where({ 'et.id': eventTypeId, 'c.user_id': userId })
      .first('c.*');
    if (override) return override;
  }
  return (
    (await db<CalendarRow>('connected_calendars').where({ user_id: userId, is_destination: true }).first()) ?? null
  );
}
