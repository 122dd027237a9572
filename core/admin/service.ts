/**
 * The admin panel's use cases, wired to their dependencies. Every change writes an
 * audit_log row (who, what, when, from where); reads write none.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { LoginThrottle } from '../auth/throttle.js';
import type { BookingService } from '../booking/service.js';
import { listAudit, recordAudit, type AuditContext, type ListAuditOptions } from './audit.js';
import { listAllEventTypes, listAllTeams, setEventTypeArchived } from './catalog.js';
import { searchMeetings, type SearchMeetingsOptions } from './meetings.js';
import { retryOutboxMessage } from './outbox.js';
import { resetLoginThrottle, restoreUser, searchUsers, setUserRole, suspendUser, type SearchUsersOptions } from './users.js';

export type { AuditContext } from './audit.js';

export interface AdminServiceDeps {
  db: Knex;
  clock: Clock;
  throttle: LoginThrottle;
  booking: Pick<BookingService, 'cancelBooking'>;
}

export function createAdminService(deps: AdminServiceDeps) {
  const { db, clock } = deps;
  return {
    searchUsers: (options: SearchUsersOptions) => searchUsers(db, options),
    setUserRole: (context: AuditContext, ref: string, role: 'admin' | 'user') => setUserRole(deps, context, ref, role),
    suspendUser: (context: AuditContext, ref: string, reason: string) => suspendUser(deps, context, ref, reason),
    restoreUser: (context: AuditContext, ref: string) => restoreUser(deps, context, ref),
    resetLoginThrottle: (context: AuditContext, ref: string, address?: string) => resetLoginThrottle(deps, context, ref, address),

    searchMeetings: (options: SearchMeetingsOptions) => searchMeetings(db, options),
    /**
     * Cancels any pending or scheduled meeting with a reason, as `admin:<username>`: the
     * people in it are told as for any cancellation. Throws booking_not_found, invalid_transition.
     */
    async cancelMeeting(context: AuditContext, id: string, reason: string) {
      const meeting = await deps.booking.cancelBooking(id, { reason }, { userId: context.actorUserId, admin: true });
      await db.transaction((trx) => recordAudit(trx, context, { action: 'meeting.cancel', targetType: 'meeting', targetId: meeting.id, details: { title: meeting.title, start: meeting.start, reason } }, clock.now()));
      return meeting;
    },

    listEventTypes: (options: { q?: string; archived?: boolean; limit: number }) => listAllEventTypes(db, options),
    setEventTypeArchived: (context: AuditContext, id: string, archived: boolean) => setEventTypeArchived(deps, context, id, archived),
    listTeams: (options: { q?: string; limit: number }) => listAllTeams(db, options),

    retryOutboxMessage: (context: AuditContext, id: string) => retryOutboxMessage(deps, context, id),

    listAudit: (options: ListAuditOptions) => listAudit(db, options),
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
