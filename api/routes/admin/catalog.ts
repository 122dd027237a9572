import type Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { presentAuditEntry } from '../../presenters/admin.js';
import { parseInput } from '../../validate.js';
import { auditContext } from './audit.js';
import { listAuditQuery, listEventTypesQuery, listOutboxQuery, listTeamsQuery } from './schema.js';

/** Event types, teams, the outbox and the audit log, for admins. Added to the admin router, behind its role check. */
export function addAdminCatalogRoutes(router: Router<AppState>, { services }: AppDeps): void {
  router.get('/api/admin/event-types', async (ctx) => {
    ctx.body = { eventTypes: await services.admin.listEventTypes(parseInput(listEventTypesQuery, ctx.query, 'query')) };
  });
  router.post('/api/admin/event-types/:id/archive', async (ctx) => {
    ctx.body = await services.admin.setEventTypeArchived(auditContext(ctx), ctx.params.id!, true);
  });
  router.post('/api/admin/event-types/:id/restore', async (ctx) => {
    ctx.body = await services.admin.setEventTypeArchived(auditContext(ctx), ctx.params.id!, false);
  });

  router.get('/api/admin/teams', async (ctx) => {
    ctx.body = { teams: await services.admin.listTeams(parseInput(listTeamsQuery, ctx.query, 'query')) };
  });

  router.get('/api/admin/outbox', async (ctx) => {
    ctx.body = { messages: await services.notify.listOutbox(parseInput(listOutboxQuery, ctx.query, 'query')) };
  });
  router.post('/api/admin/outbox/:id/retry', async (ctx) => {
    ctx.body = await services.admin.retryOutboxMessage(auditContext(ctx), ctx.params.id!);
  });

  router.get('/api/admin/audit', async (ctx) => {
    const { target, ...query } = parseInput(listAuditQuery, ctx.query, 'query');
    const page = await services.admin.listAudit({ ...query, targetId: target });
    ctx.body = { entries: page.entries.map(presentAuditEntry), nextCursor: page.nextCursor };
  });

}
