/** What `yava admin users|meetings|audit|outbox` show: the admin API's shapes and their tables. */
import { DateTime } from 'luxon';
import type { AdminMeeting } from '../core/admin/meetings.js';
import { formatInstant, renderTable } from './format.js';
import type { Painter } from './terminal.js';
import type { User } from './types.js';
import { parseDateFlag } from './when.js';

export interface AdminUserView extends User {
  createdAt: string;
  suspendedAt: string | null;
  suspendedReason: string | null;
}

/** As `GET /api/admin/meetings` lists them. */
export type AdminMeetingView = AdminMeeting;

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export function renderUsers(users: AdminUserView[], zone: string, paint: Painter): string {
  if (!users.length) return 'No accounts match.';
  return renderTable(
    ['USERNAME', 'EMAIL', 'NAME', 'ROLE', 'STATUS', 'CREATED'],
    users.map((u) => [u.username, u.email, u.name, u.role, u.suspendedAt ? `suspended: ${u.suspendedReason ?? ''}` : 'active', formatInstant(u.createdAt, zone)]),
    paint,
  );
}

export function renderMeetings(meetings: AdminMeetingView[], zone: string, paint: Painter): string {
  if (!meetings.length) return 'No meetings match.';
  return renderTable(
    ['ID', 'START', 'STATUS', 'TITLE', 'HOSTS', 'ATTENDEES'],
    meetings.map((m) => [m.id.slice(0, 8), formatInstant(m.start, zone), m.status, m.title, m.hosts.map((h) => h.username).join(', '), m.attendees.map((a) => a.email).join(', ')]),
    paint,
  );
}

export function renderAudit(entries: AuditEntryView[], zone: string, paint: Painter): string {
  if (!entries.length) return 'No audit entries match.';
  const summary = (d: Record<string, unknown>) => Object.entries(d).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  return renderTable(
    ['WHEN', 'WHO', 'ACTION', 'TARGET', 'FROM', 'DETAILS'],
    entries.map((e) => [formatInstant(e.at, zone), e.actor, e.action, `${e.targetType}${e.targetId ? ` ${e.targetId.slice(0, 8)}` : ''}`, e.ip ?? '', summary(e.details)]),
    paint,
  );
}

/** `--from`/`--to` dates (inclusive days in `zone`) as the instants the API filters by. */
export function dayRange(from: string | undefined, to: string | undefined, zone: string): { from?: string; to?: string } {
  return {
    ...(from ? { from: DateTime.fromISO(parseDateFlag(from, zone, '--from'), { zone }).toUTC().toISO()! } : {}),
    ...(to ? { to: DateTime.fromISO(parseDateFlag(to, zone, '--to'), { zone }).plus({ days: 1 }).toUTC().toISO()! } : {}),
  };
}
