/**
 * /app/quiet-hours: the daily window in the user's zone in which no message is delivered (it
 * waits until the window ends). Checked as PUT /api/notifications/preferences checks it: the
 * API's schema for the times, then core for the rest. A refused form keeps what was typed.
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { NotificationPreferences } from '../../../core/notify/preferences/service.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { updatePreferencesSchema } from '../notificationPreferences/schema.js';
import { csrfField, errorSummary, fieldError, formErrorsOf, invalidAttrs, saved, type FormErrors } from './forms.js';
import type { Viewer } from './layout.js';
import { render, viewerOf, redirectTo, type AppRouteDeps } from './shared.js';

const quietForm = z.object({ start: z.string().max(100).optional(), end: z.string().max(100).optional(), off: z.literal('on').optional() }).loose();
type QuietValues = { start: string; end: string };

function current(prefs: NotificationPreferences): SafeHtml {
  const q = prefs.quietHours;
  if (!q) return html`<p><strong>Off</strong>: messages go out whenever they are due.</p>`;
  const wraps = q.end < q.start ? ' the next morning' : '';
  return html`<p><strong>On</strong>: from ${q.start} until ${q.end}${wraps} (${prefs.timezone}). A message due in that window waits until ${q.end}.</p>`;
}

function body(ctx: AppContext, deps: AppRouteDeps, prefs: NotificationPreferences, now: Date, values?: QuietValues, errors?: FormErrors): SafeHtml {
  const v = values ?? prefs.quietHours ?? { start: '', end: '' };
  // Core reports the window as one field ("quietHours"), the API's schema names each end.
  const input = (name: 'start' | 'end', label: string) => {
    const field = `quietHours.${name}`;
    const described = invalidAttrs(errors, field, name) || invalidAttrs(errors, 'quietHours', 'quiet');
    return html`<div class="field"><label for="${name}">${label}</label><input id="${name}" name="${name}" type="time" required value="${v[name]}"${described}>${fieldError(errors, field, name)}</div>`;
  };
  const localNow = DateTime.fromJSDate(now, { zone: prefs.timezone }).toFormat('HH:mm');
  return html`<h1>Quiet hours</h1>${saved(ctx)}<section class="card" aria-labelledby="now"><h2 id="now">Now</h2>${current(prefs)}</section>
<form class="card" method="post" action="/app/quiet-hours" aria-labelledby="set">${csrfField(ctx, deps)}<h2 id="set">Set quiet hours</h2>${errorSummary(errors)}
<p class="muted">Times are in ${prefs.timezone}, your account’s zone (it is ${localNow} there now). A window may run past midnight, e.g. 22:00 until 07:00.</p>
<div class="grid">${input('start', 'From')}${input('end', 'Until')}</div>${fieldError(errors, 'quietHours', 'quiet')}
<div class="actions"><button type="submit">Save quiet hours</button>${prefs.quietHours ? html`<button type="submit" class="secondary" name="off" value="on" formnovalidate>Turn quiet hours off</button>` : ''}</div></form>`;
}

function page(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer, prefs: NotificationPreferences, form?: { values: QuietValues; errors: FormErrors }): void {
  render(ctx, deps, viewer, 'Quiet hours', body(ctx, deps, prefs, deps.clock.now(), form?.values, form?.errors), '/app/quiet-hours', form ? 400 : 200);
}

export function mountQuietHoursPage(router: Router<AppState>, deps: AppRouteDeps): void {
  const settings = deps.services.notify.settings;
  const uid = (ctx: AppContext) => ctx.state.principal!.userId;

  router.get('/app/quiet-hours', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (viewer) page(ctx, deps, viewer, await settings.getPreferences(uid(ctx)));
  });
  router.post('/app/quiet-hours', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const f = parseInput(quietForm, ctx.request.body);
    const values = { start: (f.start ?? '').trim(), end: (f.end ?? '').trim() };
    try {
      const input = parseInput(updatePreferencesSchema, { quietHours: f.off ? null : values });
      await settings.updatePreferences(uid(ctx), { quietHours: input.quietHours });
    } catch (error) {
      return page(ctx, deps, viewer, await settings.getPreferences(uid(ctx)), { values, errors: formErrorsOf(error) });
    }
    redirectTo(ctx, '/app/quiet-hours?saved=1');
  });
}
