/**
 * The site around the booking pages: the landing page at `/`, `/favicon.ico`, and what
 * `/meetings/:id?view=<signature>` shows without a personal token: the read-only summary a
 * calendar feed's events link to.
 * Mounted just before the booking pages, which handle `/meetings/:id?token=…`.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { isValidMeetingView } from '../../../core/feeds/viewLinks.js';
import { html } from '../../../core/notify/html.js';
import { loadMeetingSnapshot, seenByAttendee, type MeetingSnapshot } from '../../../core/notify/meetingSnapshot.js';
import { isValidTimeZone } from '../../../core/time/zones.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { FAVICON_ICO, FAVICON_SVG } from './favicon.js';
import { CONTENT_SECURITY_POLICY } from './index.js';
import { formatRange, layout, notice } from './views.js';

const USERNAME = /^[a-z0-9][a-z0-9_-]{0,39}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const viewQuerySchema = z.object({ view: z.string().max(100).optional(), token: z.string().optional(), timezone: z.string().max(64).optional() }).loose();

function sendPage(ctx: AppContext, page: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.body = page;
}

function landingPage(publicUrl: string, unknownUser?: string): string {
  return layout(
    'Scheduling',
    html`<h1>Yava</h1>
<p>Scheduling from where people already are: a booking page, the <code>yava</code> command line, Slack and Discord, and the calendar app you use.</p>
<h2>Book a time with someone</h2>
${unknownUser ? notice('error', `"${unknownUser}" is not a username; a booking page is ${publicUrl}/<username>.`) : ''}
<form class="card" method="get" action="/">
<div class="field"><label for="user">Their Yava username</label><input id="user" name="user" required maxlength="40" autocomplete="off" placeholder="e.g. demo"></div>
<button type="submit">Open their booking page</button>
</form>
<h2>Run your own calendar</h2>
<p>In the browser: <a href="/app/signup">create an account</a> (or <a href="/app/login">sign in</a>), then set your working hours and add an event type in the dashboard.</p>
<p>Or from a terminal, with this server:</p>
<pre><code>npx yava login --server ${publicUrl}
npx yava hours set --weekdays 09:00-17:00
npx yava event-types create --slug intro --title "Intro call" --duration 30</code></pre>
<p>Your booking page is then <code>${publicUrl}/&lt;your username&gt;</code>. <a href="/health">Server status</a></p>`,
  );
}

function summaryPage(m: MeetingSnapshot, zone: string): string {
  const people = (list: Array<{ name: string }>) => list.map((p) => p.name).join(', ');
  return layout(
    m.title,
    html`<h1>${m.title}</h1>
<p><span class="status ${m.status}">${m.status === 'scheduled' ? 'Confirmed' : m.status}</span></p>
<div class="card"><dl class="facts">
<dt>When</dt><dd>${formatRange(m.start.toISOString(), m.end.toISOString(), zone)} <span class="muted">(${zone.replace(/_/g, ' ')})</span></dd>
<dt>${m.attendees.length ? 'Hosts' : 'Who'}</dt><dd>${people(m.hosts)}</dd>
${m.attendees.length ? html`<dt>Invitees</dt><dd>${people(m.attendees)}</dd>` : ''}
${m.location ? html`<dt>Where</dt><dd>${m.location}</dd>` : ''}
${m.notes ? html`<dt>Notes</dt><dd>${m.notes}</dd>` : ''}
</dl></div>
<p class="muted">A read-only view from a calendar feed. To reschedule or cancel, use the link in your invitation email, or <code>yava show ${m.id}</code>.</p>
<p><a href="/">Yava home</a></p>`,
  );
}

export function siteRoutes({ db, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const publicUrl = config.publicUrl;

  router.get('/', (ctx) => {
    const user = typeof ctx.query.user === 'string' ? ctx.query.user.trim().replace(/^@/, '') : '';
    if (user && USERNAME.test(user)) {
      ctx.status = 303;
      ctx.redirect(`/${encodeURIComponent(user.toLowerCase())}`);
      return;
    }
    sendPage(ctx, landingPage(publicUrl, user || undefined), user ? 400 : 200);
  });

  router.get('/favicon.ico', (ctx) => {
    ctx.type = 'image/x-icon';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = FAVICON_ICO;
  });
  // Every page links it beside the .ico (layout.ts).
  router.get('/favicon.svg', (ctx) => {
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = FAVICON_SVG;
  });

  router.get('/meetings/:id', async (ctx, next) => {
    const id = ctx.params.id!;
    const query = viewQuerySchema.safeParse(ctx.query);
    // A personal token or a signed-in user: the full page (booking pages).
    if (!UUID.test(id) || !query.success || query.data.token || ctx.state.principal) return next();
    const { view, timezone } = query.data;
    // No signature, or a wrong one: the booking page answers 401 and says which link to use.
    const snapshot = view && isValidMeetingView(config.jwtSecret, id, view) ? await loadMeetingSnapshot(db, id) : null;
    if (!snapshot) return next();
    const zone = timezone && isValidTimeZone(timezone) ? timezone : (snapshot.hosts[0]?.timezone ?? 'UTC');
    // The same signed link goes to every attendee: it shows what an attendee may see.
    sendPage(ctx, summaryPage(seenByAttendee(snapshot), zone));
  });

  return router;
}
