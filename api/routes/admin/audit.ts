import type { AuditContext } from '../../../core/admin/service.js';
import type { AppContext } from '../../context.js';

/** Who acts and from where, for the audit log. */
export function auditContext(ctx: AppContext): AuditContext {
  return { actorUserId: ctx.state.principal!.userId, ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null, requestId: ctx.state.requestId };
}
