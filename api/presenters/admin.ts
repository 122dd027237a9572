import type { AuditRow } from '../../core/admin/audit.js';
import type { AdminUser } from '../../core/admin/users.js';
import { presentUser } from './user.js';

/** A user as admins see it: the public fields plus the suspension. */
export function presentAdminUser(user: AdminUser) {
  return { ...presentUser(user), suspendedAt: user.suspended_at ? new Date(user.suspended_at).toISOString() : null, suspendedReason: user.suspended_reason ?? null };
}

/** One audit_log row. */
export function presentAuditEntry(row: AuditRow) {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    actor: row.actor_label,
    actorUserId: row.actor_user_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
  };
}
