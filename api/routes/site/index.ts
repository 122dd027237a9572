/**
 * A host's public-site settings (signed in):
 *   GET/PUT /api/me/embed-origins   { origins } the sites allowed to frame their pages (embed.js)
 *   GET/PUT /api/me/branding        { brandColor, logoUrl, avatarUrl, hideBranding }
 *   PUT /api/teams/:slug/branding   { brandColor, logoUrl, hideBranding } (team admins)
 *   GET/POST /api/domains, POST /api/domains/:domain/verify, DELETE /api/domains/:domain
 */
import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { brandingSchema, domainSchema, embedOriginsSchema, teamBrandingSchema } from './schema.js';

export function siteSettingsRoutes({ services }: AppDeps): Router<AppState> {
  const { site } = services;
  const router = new Router<AppState>();
  router.get('/api/me/embed-origins', requireAuth, async (ctx) => {
    ctx.body = { origins: await site.getEmbedOrigins(ctx.state.principal!.userId) };
  });
  router.put('/api/me/embed-origins', requireAuth, async (ctx) => {
    const input = parseInput(embedOriginsSchema, ctx.request.body);
    ctx.body = { origins: await site.setEmbedOrigins(ctx.state.principal!.userId, input.origins) };
  });
  router.get('/api/me/branding', requireAuth, async (ctx) => {
    ctx.body = await site.getBranding(ctx.state.principal!.userId);
  });
  router.put('/api/me/branding', requireAuth, async (ctx) => {
    ctx.body = await site.setBranding(ctx.state.principal!.userId, parseInput(brandingSchema, ctx.request.body));
  });
  router.put('/api/teams/:slug/branding', requireAuth, async (ctx) => {
    ctx.body = await site.setTeamBranding(ctx.state.principal!.userId, ctx.params.slug!, parseInput(teamBrandingSchema, ctx.request.body));
  });
  router.get('/api/domains', requireAuth, async (ctx) => {
    ctx.body = { domains: await site.domains.list(ctx.state.principal!.userId) };
  });
  router.post('/api/domains', requireAuth, async (ctx) => {
    ctx.status = 201;
    ctx.body = await site.domains.add(ctx.state.principal!.userId, parseInput(domainSchema, ctx.request.body).domain);
  });
  router.post('/api/domains/:domain/verify', requireAuth, async (ctx) => {
    ctx.body = await site.domains.verify(ctx.state.principal!.userId, ctx.params.domain!);
  });
  router.delete('/api/domains/:domain', requireAuth, async (ctx) => {
    await site.domains.remove(ctx.state.principal!.userId, ctx.params.domain!);
    ctx.status = 204;
  });
  return router;
}
