import { Readable } from 'node:stream';
import Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps, AppState } from '../../context.js';
import { meetingsPdf } from '../../exports/meetingsPdf.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { analyticsQuery } from '../analytics/schema.js';

const exportQuery = analyticsQuery.extend({ bom: z.enum(['0', '1', 'true', 'false']).optional() });

/** Meetings for a user, a team or (admins) everyone, as CSV (streamed) or a PDF report. */
export function exportRoutes({ services, clock, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/api/exports/meetings.csv', requireAuth, async (ctx) => {
    const { bom, ...query } = parseInput(exportQuery, ctx.query, 'query');
    const { userId, role } = ctx.state.principal!;
    const csv = await services.analytics.meetingsCsv({ userId, role }, query, { bom: bom === '1' || bom === 'true' });
    ctx.type = 'text/csv; charset=utf-8; header=present';
    ctx.set('Content-Disposition', `attachment; filename="meetings-${csv.scope.fromDate}-${csv.scope.toDate}.csv"`);
    ctx.set('X-Total-Count', String(csv.count));
    ctx.body = Readable.from(csv.chunks);
  });

  router.get('/api/exports/meetings.pdf', requireAuth, async (ctx) => {
    const { bom: _bom, ...query } = parseInput(exportQuery, ctx.query, 'query');
    const { userId, role } = ctx.state.principal!;
    const report = await services.analytics.report({ userId, role }, query);
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `attachment; filename="meetings-${report.bookings.from}-${report.bookings.to}.pdf"`);
    ctx.body = await meetingsPdf(report, clock.now(), { fallbackFont: config.PDF_FALLBACK_FONT });
  });

  return router;
}
