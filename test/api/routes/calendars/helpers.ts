import { expect } from 'chai';
import { DAVClient } from 'tsdav';
import type { RunningServer } from '../../../../server/compose.js';
import type { Clock } from '../../../../core/clock.js';
import { WRITE_CLAIM_MS } from '../../../../core/calendars/writeClaims.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { freePort } from '../../../fakes/radicale.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

/** Delivers every due outbox row (e-mail and calendar writes) now. */
export async function deliverOutbox(server: RunningServer, options: { workerId?: string; leaseMs?: number } = {}) {
  return server.deps.services.notify.createDispatcher({ backoffBaseMs: 1, backoffMaxMs: 1, ...options }).drain();
}

/** Runs the calendar syncs pushes queued (only those: e-mails and calendar writes stay queued), as a worker's dispatcher does. */
export async function runQueuedSyncs(server: RunningServer) {
  const { notify, calendars } = server.deps.services;
  return notify.createDispatcher({ senders: { calendar_sync: calendars.syncSender }, backoffBaseMs: 1, backoffMaxMs: 1 }).drain();
}

/** Awaits a push (resolving with the webhook's statuses), then runs the syncs it queued, as the worker does next. */
export async function thenSync<T>(server: RunningServer, pushed: Promise<T>): Promise<T> {
  const statuses = await pushed;
  await runQueuedSyncs(server);
  return statuses;
}

/** The calendar syncs waiting in the outbox (pending), as [calendarId, leased] pairs. */
export async function queuedSyncs(server: RunningServer): Promise<Array<[string, boolean]>> {
  const rows = await server.deps.db('outbox').where({ channel: 'calendar_sync', status: 'pending' }).orderBy('seq').select('payload', 'locked_by');
  return rows.map((r: { payload: unknown; locked_by: string | null }) => [(typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).calendarId, r.locked_by !== null]);
}

/** Outbox e-mails to `to` whose idempotency key starts with `prefix`. */
export async function emailsTo(server: RunningServer, to: string, prefix = '') {
  const rows = await server.deps
    .db('outbox')
    .where({ channel: 'email' })
    .whereRaw('lower(payload->>?) = lower(?)', ['to', to])
    .orderBy('created_at')
    .select('idempotency_key', 'payload');
  return rows
    .filter((r: { idempotency_key: string }) => r.idempotency_key.startsWith(prefix))
    .map(
      (r: { idempotency_key: string; payload: unknown }) =>
        ({ key: r.idempotency_key, ...(typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) }) as {
          key: string;
          subject: string;
          text: string;
        },
    );
}

/** The start instants of slots on `date` (a day in `timezone`) for `user/eventType`. */
export async function slotStarts(
  server: RunningServer,
  user: string,
  eventType: string,
  date: string,
  timezone = 'UTC',
): Promise<string[]> {
  const res = await fetch(
    `${server.url}/api/availability?user=${user}&eventType=${eventType}&from=${date}&to=${date}&timezone=${encodeURIComponent(timezone)}`,
  );
  const body = (await res.json()) as { slots: Array<{ start: string }> };
  return body.slots.map((s) => s.start);
}

/** The booking API as a public invitee: books ada/intro at `start`. */
export async function bookIntro(call: ApiCall, start: string): Promise<{ id: string; icalUid: string }> {
  const res = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'intro', start, invitee: invitee() } });
  expect(res.status, res.text).to.equal(201);
  return res.body as { id: string; icalUid: string };
}

/**
 * A test server on a port known in advance (so PUBLIC_URL, where providers push, is right),
 * with the host "ada" (UTC, Mon–Fri 09–17) and her one-hour event type "intro".
 */
export async function startCalendarServer(clock: Clock, env: Record<string, string> = {}) {
  const port = await freePort();
  // The fakes (radicale among them) listen on 127.0.0.1.
  const server = await startTestServer({ clock, env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, CALDAV_ALLOW_PRIVATE_URLS: 'on', ...env } });
  const call = apiClient(server.url);
  const host = await createHost(call, 'ada', { timezone: 'UTC' });
  await createEventType(call, host.token, { slug: 'intro', title: 'Intro', durationMinutes: 60 });
  return { server, call, host };
}

/** The settings that point Yava's Google client (OAuth and Calendar API) at the fake. */
export const googleEnv = (google: GoogleFake): Record<string, string> => ({
  GOOGLE_CLIENT_ID: google.clientId,
  GOOGLE_CLIENT_SECRET: google.clientSecret,
  GOOGLE_AUTH_URL: `${google.url}/o/oauth2/v2/auth`,
  GOOGLE_OAUTH_URL: `${google.url}/`,
  GOOGLE_API_URL: `${google.url}/`,
});

/** The Set-Cookie lines of a response as a Cookie header. */
export const cookieHeaderOf = (setCookie: string[]) => setCookie.map((c) => c.split(';')[0]).join('; ');

/**
 * A browser without a Yava session opening a start link: the page it shows (naming the account
 * the calendar goes to) and the answer to its Continue button (the form's POST, with the CSRF
 * cookie the page set).
 */
export async function continueStartLink(startUrl: string) {
  const page = await fetch(startUrl, { redirect: 'manual' });
  const pageHtml = await page.text();
  expect(page.status, pageHtml).to.equal(200);
  const form = /<form method="post" action="([^"]+)"><input type="hidden" name="_csrf" value="([^"]+)"><input type="hidden" name="token" value="([^"]+)">/.exec(pageHtml);
  expect(form, pageHtml).to.not.equal(null);
  const [, action, csrf, token] = form!;
  const pageCookies = page.headers.getSetCookie();
  const pressed = await fetch(new URL(action!, startUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeaderOf(pageCookies), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf!, token: token! }),
  });
  return { page, pageHtml, pageCookies, pressed };
}

/**
 * A browser without a Yava session following a start link: it sees the page naming the account
 * and presses Continue, keeps the cookie that sets, goes on to the provider's consent (which
 * redirects straight back) and opens our callback with that cookie.
 */
export async function openStartLink(startUrl: string) {
  const { pageHtml, pressed: start } = await continueStartLink(startUrl);
  expect(start.status, await start.text()).to.equal(303);
  const setCookie = start.headers.getSetCookie();
  const cookie = cookieHeaderOf(setCookie);
  const providerUrl = start.headers.get('location')!;
  const consent = await fetch(providerUrl, { redirect: 'manual' });
  expect(consent.status).to.equal(302);
  const callback = consent.headers.get('location')!;
  const page = await fetch(callback, { headers: { cookie } });
  return { pageHtml, providerUrl, setCookie, cookie, callback, status: page.status, html: await page.text(), clears: page.headers.getSetCookie() };
}

/** The consent flow as a browser runs it: connect → start link → Continue (sets a cookie) → the provider's consent → our callback page. */
export async function consentFlow(call: ApiCall, token: string, provider: 'google' | 'microsoft') {
  const res = await call('POST', '/api/calendars/connect', { token, body: { provider } });
  expect(res.status, res.text).to.equal(200);
  return { authorizeUrl: res.body.authorizeUrl as string, ...(await openStartLink(res.body.authorizeUrl)) };
}

/** Google's primary calendar of ada in the fake. */
export const GOOGLE_PRIMARY = 'ada@gmail.com';

/** Starts Yava against a Google fake with ada's primary calendar connected (its first sync done). */
export async function startWithGoogle(clock: Clock, env: Record<string, string> = {}) {
  const google = await startGoogleFake();
  google.addCalendar(GOOGLE_PRIMARY, 'Ada', { primary: true, timeZone: 'UTC' });
  const { server, call, host } = await startCalendarServer(clock, { ...googleEnv(google), ...env });
  expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
  const calendar = await server.deps.db('connected_calendars').where({ external_id: GOOGLE_PRIMARY }).first('id');
  return { google, server, call, host, calendarId: calendar.id as string };
}

/**
 * Holds each of Google's events lists (its answer already made) until the test lets it go, in
 * the order asked: `held` is how many syncs are talking to the provider at this moment.
 */
export function gateEventLists(google: GoogleFake) {
  const waiting: Array<() => void> = [];
  google.holdEventLists = () => new Promise<void>((release) => waiting.push(release));
  return {
    get held() {
      return waiting.length;
    },
    /** Resolves once `n` lists wait (`true`), or after `ms` with `false`. */
    async untilHeld(n: number, ms = 20_000): Promise<boolean> {
      for (const end = Date.now() + ms; waiting.length < n; ) {
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 10));
      }
      return true;
    },
    /** Lets the list asked first answer. */
    releaseFirst() {
      waiting.shift()?.();
    },
    /** Lets every list answer, now and from now on. */
    releaseAll() {
      google.holdEventLists = null;
      for (const release of waiting.splice(0)) release();
    },
  };
}

/** Asserts that a server without the provider's client answers 501 with `detail`. */
export async function expectNotConfigured(clock: Clock, token: string, provider: 'google' | 'microsoft', detail: string): Promise<void> {
  const bare = await startTestServer({ clock });
  try {
    const res = await apiClient(bare.url)('POST', '/api/calendars/connect', { token, body: { provider } });
    expectProblem(res, 501, 'not_configured');
    expect(res.body.detail).to.equal(detail);
  } finally {
    await bare.close();
  }
}

/**
 * Books, then lets a dispatcher die right after the provider created the event and before
 * the id was stored (it never returns, its lease and write claim stay), then retries after both.
 */
export async function bookThroughACrash(server: RunningServer, clock: Clock & { advance(ms: number): void }, start: string) {
  const calendars = server.deps.services.calendars.context;
  let crashed = false;
  calendars.afterProviderCreate = () => {
    crashed = true;
    return new Promise(() => {}); // the process is gone: nothing after this point runs
  };
  const booking = await bookIntro(apiClient(server.url), start);
  void deliverOutbox(server, { workerId: 'doomed', leaseMs: 60_000 });
  for (let i = 0; i < 400 && !crashed; i++) await new Promise((r) => setTimeout(r, 25));
  calendars.afterProviderCreate = undefined;
  expect(crashed).to.equal(true);
  expect(await server.deps.db('calendar_event_links').where({ booking_id: booking.id }).whereNotNull('external_id')).to.have.length(0);
  clock.advance(WRITE_CLAIM_MS + 1000); // the dead dispatcher's lease runs out, and its claim on the write
  await deliverOutbox(server, { workerId: 'next' });
  return booking;
}

/** Every stored occurrence as "key range", sorted: to compare the store before and after a resync. */
export async function storedEventKeys(server: RunningServer): Promise<string[]> {
  const rows = await server.deps.db('external_events').orderBy('instance_key').select('instance_key', 'busy');
  return rows.map((r: { instance_key: string; busy: string }) => `${r.instance_key} ${r.busy}`);
}

/** The objects of a CalDAV calendar, as another CalDAV client (tsdav) reads them as ada. */
export async function davObjects(davUrl: string, calendarUrl: string) {
  const client = new DAVClient({ serverUrl: davUrl, credentials: { username: 'ada', password: 'app-password' }, authMethod: 'Basic', defaultAccountType: 'caldav' });
  await client.login();
  return client.fetchCalendarObjects({ calendar: { url: calendarUrl } as never });
}
