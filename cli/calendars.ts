/** The shapes `yava calendars` reads from GET /api/calendars, and how it shows them. */
import { renderTable } from './format.js';
import type { Painter } from './terminal.js';

export interface CalendarEntry {
  id: string;
  name: string;
  checkConflicts: boolean;
  isDestination: boolean;
}

export interface CalendarConnection {
  id: string;
  provider: 'google' | 'microsoft' | 'caldav';
  account: string;
  status: 'active' | 'needs_reconnect';
  lastSyncedAt: string | null;
  /** Why the last sync failed, until one succeeds (null then). */
  lastError?: string | null;
  calendars: CalendarEntry[];
}

export function renderConnections(connections: CalendarConnection[], paint: Painter): string {
  if (!connections.length) return 'No calendars connected. Connect one: yava calendars connect google|microsoft|caldav';
  const rows = connections.flatMap((c) =>
    c.calendars.map((cal, i) => [i === 0 ? c.id : '', i === 0 ? c.provider : '', i === 0 ? c.account : '', i === 0 ? (c.status === 'active' ? 'active' : paint('red', 'needs reconnect')) : '', cal.name, cal.checkConflicts ? 'yes' : '-', cal.isDestination ? 'yes' : '-', cal.id]),
  );
  const lines = [renderTable(['CONNECTION', 'PROVIDER', 'ACCOUNT', 'STATUS', 'CALENDAR', 'BLOCKS SLOTS', 'BOOKINGS GO HERE', 'CALENDAR ID'], rows, paint)];
  for (const c of connections.filter((x) => x.status === 'needs_reconnect')) {
    lines.push(paint('yellow', `${c.provider} ${c.account} needs reconnecting: its busy times are not being read. Run: yava calendars connect ${c.provider}`));
  }
  for (const c of connections.filter((x) => x.status === 'active' && x.lastError)) {
    lines.push(paint('yellow', `${c.provider} ${c.account}: the last sync failed (${c.lastError}), so its busy times may be out of date. Yava tries again; yava calendars sync tries now`));
  }
  return lines.join('\n');
}

/** The calendar named `nameOrId` (its id, or its name, case-insensitively), with its connection. */
export function findCalendar(connections: CalendarConnection[], nameOrId: string): Array<{ connection: CalendarConnection; calendar: CalendarEntry }> {
  const all = connections.flatMap((connection) => connection.calendars.map((calendar) => ({ connection, calendar })));
  const byId = all.filter((x) => x.calendar.id === nameOrId);
  return byId.length ? byId : all.filter((x) => x.calendar.name.toLowerCase() === nameOrId.toLowerCase());
}

/** A fingerprint of each connection, to notice one that is new or was reconnected. */
export const connectionStamp = (c: CalendarConnection) => `${c.status}|${c.lastSyncedAt ?? ''}|${c.calendars.length}`;
