import type Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { presentMeeting } from '../../presenters/meeting.js';
import { parseInput } from '../../validate.js';
import { auditContext } from './audit.js';
import { cancelMeetingBody, listMeetingsQuery } from './schema.js';

/** Every meeting, for admins: search and cancel with a reason. Added to the admin router, behind its role check. */
export function addAdminMeetingRoutes(router: Router<AppState>, { services, config }: AppDeps): void {
  router.get('/api/admin/meetings', async (ctx) => {
    const query = parseInput(listMeetingsQuery, ctx.query, 'query');
    ctx.body = await services.admin.searchMeetings(query);
  });

  router.post('/api/admin/meetings/:id/cancel', async (ctx) => {
    const { reason } = parseInput(cancelMeetingBody, ctx.request.body);
    ctx.body = presentMeeting(await services.admin.cancelMeeting(auditContext(ctx), ctx.params.id!, reason), { publicUrl: config.publicUrl });
  });

}
