import type { Knex } from 'knex';
import type { ProviderName } from './types.js';

/** A calendar whose busy time cannot be trusted: its connection needs reconnecting. */
export interface StaleCalendar {
  connectionId: string;
  provider: ProviderName;
  account: string;
  calendar: string;
  lastSyncedAt: string | null;
}

/** The user's conflict calendars on connections that need reconnecting. */
export async function listStaleCalendars(db: Knex, userId: string): Promise<StaleCalendar[]> {
  const rows = await db('connected_calendars as c')
    .join('calendar_connections as k', 'k.id', 'c.connection_id')
    .where({ 'k.user_id': userId, 'k.status': 'needs_reconnect', 'c.check_conflicts': true })
    .orderBy('k.created_at')
    .orderBy('c.name')
    .select('k.id as connection_id', 'k.provider', 'k.account', 'c.name', 'c.last_synced_at');
  return (rows as Array<{ connection_id: string; provider: ProviderName; account: string; name: string; last_synced_at: Date | null }>).map((r) => ({
    connectionId: r.connection_id,
    provider: r.provider,
    account: r.account,
    calendar: r.name,
    lastSyncedAt: r.last_synced_at ? new Date(r.last_synced_at).toISOString() : null,
  }));
}
