/**
 * /app/calendars over core/calendars: connect (Google and Outlook by OAuth, CalDAV with an app
 * password), choose which calendars block your time and which one bookings go to, disconnect.
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ConnectionSummary } from '../../../core/calendars/connections.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfToken } from '../pages/csrf.js';
import { notice, redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

const connectForm = z.object({ provider: z.enum(['google', 'microsoft', 'caldav']), url: z.string().trim().max(2000).optional(), username: z.string().trim().max(320).optional(), password: z.string().max(1000).optional() }).loose();
const calendarForm = z.object({ checkConflicts: z.literal('on').optional(), isDestination: z.literal('on').optional() }).loose();
const PROVIDERS: Record<string, string> = { google: 'Google', microsoft: 'Outlook / Microsoft 365', caldav: 'CalDAV' };

/** "Last synced Tue 24 Nov, 09:05", in the viewer's zone; a sync that failed since says why. */
function syncState(c: ConnectionSummary, zone: string): SafeHtml {
  if (c.status === 'needs_reconnect') return notice('error', 'This connection needs reconnecting: connect it again.');
  const last = c.lastSyncedAt ? DateTime.fromISO(c.lastSyncedAt, { zone }).setLocale('en-GB').toFormat('ccc d LLL, HH:mm') : 'never';
  const synced = html`<p class="muted">Last synced ${last} (${zone.replace(/_/g, ' ')})</p>`;
  return c.lastError ? html`${notice('error', `The last sync failed: ${c.lastError}. Yava tries again every few minutes; what these calendars blocked still blocks.`)}${synced}` : synced;
}

function connectionCard(ctx: AppContext, deps: AppRouteDeps, c: ConnectionSummary, zone: string): SafeHtml {
  const token = csrfToken(ctx, deps.csrf);
  return html`<section class="card" aria-label="${PROVIDERS[c.provider] ?? c.provider} ${c.account}"><h2>${PROVIDERS[c.provider] ?? c.provider}: ${c.account}</h2>
${syncState(c, zone)}
${c.calendars.map(
  (cal) => html`<form method="post" action="/app/calendars/${c.id}/calendars/${cal.id}" class="actions"><input type="hidden" name="_csrf" value="${token}"><strong>${cal.name}</strong>
<label><input type="checkbox" name="checkConflicts"${cal.checkConflicts ? html` checked` : ''}> blocks my time</label>
<label><input type="checkbox" name="isDestination"${cal.isDestination ? html` checked` : ''}> bookings go here</label>
<button type="submit" class="secondary">Save ${cal.name}</button></form>`,
)}
<form method="post" action="/app/calendars/${c.id}/disconnect"><input type="hidden" name="_csrf" value="${token}"><button type="submit" class="danger">Disconnect</button></form></section>`;
}

function connectCard(ctx: AppContext, deps: AppRouteDeps): SafeHtml {
  return html`<form class="card" method="post" action="/app/calendars/connect"><input type="hidden" name="_csrf" value="${csrfToken(ctx, deps.csrf)}"><h2>Connect a calendar</h2>
<div class="field"><label for="provider">Provider</label><select id="provider" name="provider">${Object.entries(PROVIDERS).map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select></div>
<p class="muted">CalDAV only (Apple iCloud, Fastmail, Nextcloud): the server address, user name and an app password.</p>
<div class="grid"><div class="field"><label for="url">CalDAV URL</label><input id="url" name="url" type="url"></div><div class="field"><label for="cd-user">User name</label><input id="cd-user" name="username" autocomplete="off"></div><div class="field"><label for="cd-pass">App password</label><input id="cd-pass" name="password" type="password" autocomplete="off"></div></div>
<button type="submit">Connect</button></form>`;
}

export function mountCalendarsPage(router: Router<AppState>, deps: AppRouteDeps): void {
  const { calendars } = deps.services;
  const uid = (ctx: AppContext) => ctx.state.principal!.userId;

  router.get('/app/calendars', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const list = await calendars.list(uid(ctx));
    const done = ctx.query.done ? notice('ok', ctx.query.done === 'disconnected' ? 'Disconnected.' : 'Saved.') : '';
    render(ctx, deps, viewer, 'Calendars', html`<h1>Calendars</h1>${done}${list.length ? list.map((c) => connectionCard(ctx, deps, c, viewer.timezone)) : html`<p class="muted">No calendar connected yet.</p>`}${connectCard(ctx, deps)}`, '/app/calendars');
  });
  router.post('/app/calendars/connect', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const f = parseInput(connectForm, ctx.request.body);
    const input = f.provider === 'caldav' ? { provider: f.provider, url: f.url, username: f.username, password: f.password } : { provider: f.provider };
    const result = await calendars.connect(uid(ctx), input);
    if ('connection' in result) return redirectTo(ctx, '/app/calendars?done=connected');
    // A link, not a redirect: the page's CSP keeps form submissions on this site.
    render(ctx, deps, viewer, 'Connect', html`<div class="card narrow"><h1>Connect ${PROVIDERS[f.provider]!}</h1><p>Continue at ${PROVIDERS[f.provider]!} to allow Yava to read your busy times and add bookings.</p><p><a class="button" href="${result.authorizeUrl}">Continue to ${PROVIDERS[f.provider]!}</a></p></div>`, '/app/calendars');
  });
  router.post('/app/calendars/:connectionId/calendars/:calendarId', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    const f = parseInput(calendarForm, ctx.request.body);
    await calendars.updateCalendar(uid(ctx), ctx.params.connectionId!, ctx.params.calendarId!, { checkConflicts: f.checkConflicts === 'on', isDestination: f.isDestination === 'on' });
    redirectTo(ctx, '/app/calendars?done=saved');
  });
  router.post('/app/calendars/:connectionId/disconnect', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    await calendars.disconnect(uid(ctx), ctx.params.connectionId!);
    redirectTo(ctx, '/app/calendars?done=disconnected');
  });
}
