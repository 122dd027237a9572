/** Admin: the global blocklist (every change audited) and the spam decision log. */
import type Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { addBlockBody, listBlocksQuery, listDecisionsQuery } from '../spam/schema.js';
import { auditContext } from './audit.js';

export function addAdminSpamRoutes(router: Router<AppState>, { services }: AppDeps): void {
  const { spam } = services;
  router.get('/api/admin/blocklist', async (ctx) => {
    const { all } = parseInput(listBlocksQuery, ctx.query, 'query');
    ctx.body = { entries: await spam.listGlobalBlocks(all === 'true') };
  });

  router.post('/api/admin/blocklist', async (ctx) => {
    const entry = parseInput(addBlockBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = await spam.addGlobalBlock(auditContext(ctx), entry);
  });

  router.delete('/api/admin/blocklist/:id', async (ctx) => {
    await spam.removeGlobalBlock(auditContext(ctx), ctx.params.id!);
    ctx.status = 204;
  });

  router.get('/api/admin/spam/decisions', async (ctx) => {
    const q = parseInput(listDecisionsQuery, ctx.query, 'query');
    ctx.body = await spam.listDecisions({ decision: q.decision, email: q.email, limit: q.limit, before: q.cursor });
  });
}
