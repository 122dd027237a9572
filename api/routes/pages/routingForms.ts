/** The public routing form on a host's booking link: /:username/forms/:slug (GET shows it, POST routes). */
import type Router from '@koa/router';
import { isDomainError } from '../../../core/errors.js';
import type { AppState } from '../../context.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { type PageRouteDeps, page, send } from './render.js';
import { routingFormPage, routingRefusalPage } from './routingFormViews.js';
import { notice } from './views.js';
import { applyEmbedMode, keptQuery, withKept } from './pageExtras.js';

/** Form fields are named q_<question id>; the rest (the CSRF token) is not an answer. */
function answersOf(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (k.startsWith('q_') && typeof v === 'string') out[k.slice(2)] = v;
  return out;
}

export function mountRoutingFormPages(router: Router<AppState>, deps: PageRouteDeps): void {
  const { routing } = deps.services;
  const path = '/:username/forms/:slug';
  const action = (p: Record<string, string>) => `/${encodeURIComponent(p.username!)}/forms/${encodeURIComponent(p.slug!)}`;

  router.get(
    path,
    page(async (ctx) => {
      const form = await routing.getPublicForm(ctx.params.username!, ctx.params.slug!);
      const embed = await applyEmbedMode(deps.services, ctx, ctx.params.username!);
      send(ctx, routingFormPage({ form, action: action(ctx.params), csrf: csrfToken(ctx, deps.csrf), hidden: keptQuery(ctx), meta: { embed } }));
    }),
  );

  router.post(
    path,
    deps.bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, deps.csrf);
      const answers = answersOf((ctx.request.body ?? {}) as Record<string, unknown>);
      const kept = keptQuery(ctx);
      try {
        const outcome = await routing.submitResponse(ctx.params.username!, ctx.params.slug!, answers);
        const embed = await applyEmbedMode(deps.services, ctx, ctx.params.username!);
        if (outcome.target.kind === 'refuse') return send(ctx, routingRefusalPage('Thank you', outcome.target.message, { embed }));
        ctx.status = 303;
        // Our own pages go on in the embed with the prefill and utm_*; an outside URL gets none of them.
        ctx.redirect(outcome.target.path.startsWith('/') && !outcome.target.path.startsWith('//') ? withKept(outcome.target.path, kept) : outcome.target.path);
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'validation_failed') throw error;
        const form = await routing.getPublicForm(ctx.params.username!, ctx.params.slug!);
        const message = notice('error', error.errors.map((e) => `${form.questions.find((q) => q.id === e.field)?.label ?? e.field}: ${e.message}`).join('; '));
        const embed = await applyEmbedMode(deps.services, ctx, ctx.params.username!);
        send(ctx, routingFormPage({ form, action: action(ctx.params), csrf: csrfToken(ctx, deps.csrf), values: answers, message, hidden: kept, meta: { embed } }), 400);
      }
    }),
  );
}
