/**
 * A fake of Google's OAuth 2.0 and Calendar v3 endpoints on 127.0.0.1, speaking their wire
 * format, for the real `googleapis` client (rootUrl) and OAuth2Client (endpoints):
 * authorize (redirects back with a code, as a consenting user would), token (authorization
 * code with PKCE S256, refresh, invalid_grant once revoked), revoke (of the whole grant), calendarList, events
 * (list with syncToken and pages, 410 for an expired token, iCalUID lookup, insert, patch,
 * delete), events.watch and channels.stop; push() POSTs notifications to watch addresses.
 * beforeAnswer and beforeReply let a test act before a request is carried out, or after it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson } from './http.js';

export interface FakeGoogleEvent {
  id: string;
  iCalUID: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  description?: string;
  location?: string;
  start: { dateTime?: string; date?: string; timeZone?: string };
  end: { dateTime?: string; date?: string; timeZone?: string };
  transparency?: 'opaque' | 'transparent';
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: { dateTime: string; timeZone?: string };
  attendees?: Array<{ email: string; displayName?: string; self?: boolean; responseStatus?: 'needsAction' | 'declined' | 'tentative' | 'accepted' }>;
  /** Whether each guest sees the guest list (Google's default, true, when left out). */
  guestsCanSeeOtherGuests?: boolean;
  sequence?: number;
  etag: string;
  updated: string;
  changeSeq: number;
}

interface FakeCalendar {
  id: string;
  summary: string;
  primary: boolean;
  timeZone: string;
  accessRole: string;
  events: Map<string, FakeGoogleEvent>;
}

export interface FakeChannel {
  id: string;
  resourceId: string;
  calendarId: string;
  address: string;
  token: string;
  expiration: number;
  stopped: boolean;
}

export interface GoogleFake {
  url: string;
  clientId: string;
  clientSecret: string;
  calendars: Map<string, FakeCalendar>;
  channels: FakeChannel[];
  /** Tokens revoked through /revoke, and refresh tokens that now answer invalid_grant. */
  revoked: Set<string>;
  /** Requests seen, for assertions ("METHOD path"). */
  requests: string[];
  /** Awaited before answering each API request: lets a test line concurrent callers up. */
  beforeAnswer: ((request: string, url: URL) => Promise<void>) | null;
  /**
   * Awaited after an API request has been carried out, before its answer goes out: the change is
   * made at Google while the caller has not heard of it yet (a slow answer).
   */
  beforeReply: ((request: string, url: URL) => Promise<void>) | null;
  /** The authorize requests' query parameters. */
  authorizeRequests: Array<Record<string, string>>;
  /** Seconds an access token lives. */
  accessTokenTtl: number;
  /** The API answers 401 to every access token, new ones too, while the token endpoint still issues them. */
  refuseAccessTokens: boolean;
  /** Sync tokens issued before this change number answer 410 Gone. */
  expireSyncTokensBefore: number;
  /**
   * When set, an events list waits for the promise it returns before answering, its answer made
   * already (a slow provider: a change made meanwhile is not in it).
   */
  holdEventLists: ((calendarId: string) => Promise<void>) | null;
  addCalendar(id: string, summary: string, options?: { primary?: boolean; timeZone?: string }): FakeCalendar;
  putEvent(calendarId: string, event: Partial<FakeGoogleEvent> & Pick<FakeGoogleEvent, 'start' | 'end'>): FakeGoogleEvent;
  deleteEvent(calendarId: string, eventId: string): void;
  /**
   * Cancels one occurrence of a recurring event as Google reports it: an exception with only
   * id (`<series id>_<original start, basic UTC>`), status, recurringEventId and originalStartTime.
   */
  cancelOccurrence(calendarId: string, seriesId: string, originalStart: string): FakeGoogleEvent;
  liveEvents(calendarId: string): FakeGoogleEvent[];
  /** Sends a push to every live channel on the calendar; resolves with the webhook's statuses. */
  push(calendarId: string, options?: { token?: string; state?: string }): Promise<number[]>;
  revokeAll(): void;
  stop(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body?: unknown) => sendJson(res, status, body, 'application/json; charset=UTF-8');

const googleError = (res: ServerResponse, status: number, reason: string, message: string) => send(res, status, { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } });

export async function startGoogleFake(): Promise<GoogleFake> {
  let seq = 0;
  let messageNumber = 0;
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const fake: GoogleFake = {
    url: '',
    clientId: 'google-client-id.apps.googleusercontent.com',
    clientSecret: 'google-client-secret',
    calendars: new Map(),
    channels: [],
    revoked: new Set(),
    requests: [],
    beforeAnswer: null,
    beforeReply: null,
    authorizeRequests: [],
    accessTokenTtl: 3600,
    refuseAccessTokens: false,
    expireSyncTokensBefore: 0,
    holdEventLists: null,
    addCalendar(id, summary, options = {}) {
      const cal = { id, summary, primary: options.primary ?? false, timeZone: options.timeZone ?? 'UTC', accessRole: 'owner', events: new Map() };
      fake.calendars.set(id, cal);
      return cal;
    },
    putEvent(calendarId, input) {
      const cal = fake.calendars.get(calendarId)!;
      const id = input.id ?? randomUUID().replace(/-/g, '');
      const previous = cal.events.get(id);
      seq += 1;
      const event: FakeGoogleEvent = {
        ...previous,
        ...input,
        id,
        iCalUID: input.iCalUID ?? previous?.iCalUID ?? `${id}@google.com`,
        status: input.status ?? 'confirmed',
        etag: `"${seq}"`,
        updated: new Date().toISOString(),
        changeSeq: seq,
      } as FakeGoogleEvent;
      cal.events.set(id, event);
      return event;
    },
    deleteEvent(calendarId, eventId) {
      const cal = fake.calendars.get(calendarId)!;
      const event = cal.events.get(eventId);
      if (!event) return;
      seq += 1;
      cal.events.set(eventId, { ...event, status: 'cancelled', etag: `"${seq}"`, changeSeq: seq });
    },
    cancelOccurrence(calendarId, seriesId, originalStart) {
      const cal = fake.calendars.get(calendarId)!;
      const id = `${seriesId}_${new Date(originalStart).toISOString().replace(/[-:]|\.\d+/g, '')}`;
      seq += 1;
      const event = { id, status: 'cancelled', recurringEventId: seriesId, originalStartTime: { dateTime: originalStart }, etag: `"${seq}"`, changeSeq: seq } as FakeGoogleEvent;
      cal.events.set(id, event);
      return event;
    },
    liveEvents(calendarId) {
      return [...fake.calendars.get(calendarId)!.events.values()].filter((e) => e.status !== 'cancelled');
    },
    async push(calendarId, options = {}) {
      const statuses: number[] = [];
      for (const ch of fake.channels.filter((c) => c.calendarId === calendarId && !c.stopped)) {
        messageNumber += 1;
        const res = await fetch(ch.address, {
          method: 'POST',
          headers: {
            'x-goog-channel-id': ch.id,
            'x-goog-channel-token': options.token ?? ch.token,
            'x-goog-channel-expiration': new Date(ch.expiration).toUTCString(),
            'x-goog-resource-id': ch.resourceId,
            'x-goog-resource-state': options.state ?? 'exists',
            'x-goog-resource-uri': `${fake.url}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
            'x-goog-message-number': String(messageNumber),
          },
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    },
    revokeAll() {
      for (const t of refreshTokens) fake.revoked.add(t);
      for (const t of accessTokens.keys()) fake.revoked.add(t);
    },
    stop: async () => {},
  };

  function issueTokens(res: ServerResponse, refresh: string | null) {
    const access = `ya29.${randomUUID()}`;
    accessTokens.set(access, Date.now() + fake.accessTokenTtl * 1000);
    const body: Record<string, unknown> = { access_token: access, expires_in: fake.accessTokenTtl, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/calendar' };
    if (refresh) body.refresh_token = refresh;
    send(res, 200, body);
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':') : [];
    const clientId = form.get('client_id') ?? basic[0];
    const clientSecret = form.get('client_secret') ?? basic[1];
    if (clientId !== fake.clientId || clientSecret !== fake.clientSecret) return send(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.redirectUri !== form.get('redirect_uri') || code.challenge !== challenge) return send(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
      const refresh = `1//refresh-${randomUUID()}`;
      refreshTokens.add(refresh);
      return issueTokens(res, refresh);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      if (!refreshTokens.has(refresh) || fake.revoked.has(refresh)) return send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      return issueTokens(res, null);
    }
    send(res, 400, { error: 'unsupported_grant_type' });
  }

  function authorized(req: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = bearer ? accessTokens.get(bearer) : undefined;
    return Boolean(bearer && expires && expires > Date.now() && !fake.revoked.has(bearer) && !fake.refuseAccessTokens);
  }

  /** An event as Google sends it: like the real API, `transparency` is left out when it is 'opaque' (the default). */
  const toWire = (e: FakeGoogleEvent) => {
    const { changeSeq: _seq, transparency, ...rest } = e;
    return { kind: 'calendar#event', htmlLink: `https://calendar.google.com/event?eid=${e.id}`, ...rest, ...(transparency === 'transparent' ? { transparency } : {}) };
  };

  /**
   * conferenceData as Google treats it: a createRequest counts only with ?conferenceDataVersion=1,
   * and then becomes a Meet conference (conferenceId, a video entry point, hangoutLink).
   */
  const withConference = (body: Record<string, unknown>, url: URL): Record<string, unknown> => {
    const { conferenceData, ...rest } = body as { conferenceData?: { createRequest?: { requestId?: string; conferenceSolutionKey?: { type?: string } } } };
    const request = conferenceData?.createRequest;
    if (url.searchParams.get('conferenceDataVersion') !== '1' || !request?.requestId || request.conferenceSolutionKey?.type !== 'hangoutsMeet') return rest;
    const code = createHash('sha1').update(request.requestId).digest('hex');
    const id = `${code.slice(0, 3)}-${code.slice(3, 7)}-${code.slice(7, 10)}`;
    const uri = `https://meet.google.com/${id}`;
    return {
      ...rest,
      hangoutLink: uri,
      conferenceData: {
        createRequest: { requestId: request.requestId, conferenceSolutionKey: { type: 'hangoutsMeet' }, status: { statusCode: 'success' } },
        entryPoints: [{ entryPointType: 'video', uri, label: uri.replace('https://', '') }],
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
        conferenceId: id,
      },
    };
  };

  async function events(req: IncomingMessage, res: ServerResponse, url: URL, cal: FakeCalendar, eventId: string | undefined) {
    if (req.method === 'GET' && !eventId) {
      const q = url.searchParams;
      const syncToken = q.get('syncToken');
      let items = [...cal.events.values()].sort((a, b) => a.changeSeq - b.changeSeq);
      if (syncToken) {
        const from = Number(syncToken.replace('sync-', ''));
        if (!Number.isFinite(from) || from < fake.expireSyncTokensBefore) return googleError(res, 410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
        items = items.filter((e) => e.changeSeq > from);
      } else if (q.get('showDeleted') !== 'true') {
        // As Google does: canceled occurrences of a recurring event are still listed (singleEvents is false).
        items = items.filter((e) => e.status !== 'cancelled' || e.recurringEventId);
      }
      if (q.get('iCalUID')) items = items.filter((e) => e.iCalUID === q.get('iCalUID'));
      const size = Number(q.get('maxResults') ?? 250);
      const offset = Number(q.get('pageToken') ?? 0);
      const page = items.slice(offset, offset + size);
      const body: Record<string, unknown> = { kind: 'calendar#events', summary: cal.summary, timeZone: cal.timeZone, items: page.map(toWire) };
      if (offset + size < items.length) body.nextPageToken = String(offset + size);
      else body.nextSyncToken = `sync-${seq}`;
      if (fake.holdEventLists) await fake.holdEventLists(cal.id);
      return send(res, 200, body);
    }
    if (req.method === 'POST' && eventId === 'watch') {
      const body = JSON.parse(await readBody(req));
      const ttl = Number(body.params?.ttl ?? 604800);
      const channel: FakeChannel = { id: body.id, resourceId: `res-${createHash('sha1').update(cal.id).digest('hex').slice(0, 12)}`, calendarId: cal.id, address: body.address, token: body.token, expiration: Date.now() + ttl * 1000, stopped: false };
      fake.channels.push(channel);
      return send(res, 200, { kind: 'api#channel', id: channel.id, resourceId: channel.resourceId, resourceUri: `${fake.url}/calendar/v3/calendars/${cal.id}/events`, token: channel.token, expiration: String(channel.expiration) });
    }
    if (req.method === 'POST' && !eventId) {
      const body = withConference(JSON.parse(await readBody(req)), url) as Partial<FakeGoogleEvent> & Pick<FakeGoogleEvent, 'start' | 'end'>;
      if (body.iCalUID && [...cal.events.values()].some((e) => e.iCalUID === body.iCalUID && e.status !== 'cancelled')) return googleError(res, 409, 'duplicate', 'The requested identifier already exists.');
      return send(res, 200, toWire(fake.putEvent(cal.id, { ...body, id: undefined })));
    }
    const existing = eventId ? cal.events.get(eventId) : undefined;
    if (!existing || existing.status === 'cancelled') return googleError(res, existing ? 410 : 404, existing ? 'deleted' : 'notFound', existing ? 'Resource has been deleted' : 'Not Found');
    if (req.method === 'GET') return send(res, 200, toWire(existing));
    if (req.method === 'PATCH' || req.method === 'PUT') {
      const body = withConference(JSON.parse(await readBody(req)), url) as Partial<FakeGoogleEvent>;
      return send(res, 200, toWire(fake.putEvent(cal.id, { ...(req.method === 'PUT' ? {} : existing), ...body, id: existing.id, iCalUID: existing.iCalUID } as FakeGoogleEvent)));
    }
    if (req.method === 'DELETE') {
      fake.deleteEvent(cal.id, existing.id);
      return send(res, 204);
    }
    send(res, 405, {});
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', fake.url);
    fake.requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/o/oauth2/v2/auth') {
      const params = Object.fromEntries(url.searchParams);
      fake.authorizeRequests.push(params);
      if (params.client_id !== fake.clientId || params.code_challenge_method !== 'S256' || !params.code_challenge) return send(res, 400, { error: 'invalid_request' });
      const code = `4/code-${randomUUID()}`;
      codes.set(code, { challenge: params.code_challenge, redirectUri: params.redirect_uri!, clientId: params.client_id });
      const back = new URL(params.redirect_uri!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', params.state ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') return token(req, res);
    if (url.pathname === '/revoke' && req.method === 'POST') {
      const body = new URLSearchParams(await readBody(req));
      const t = url.searchParams.get('token') ?? body.get('token') ?? '';
      // Revoking one token withdraws the app's whole grant for that Google account (this fake has
      // one): every refresh and access token issued to the client for it, whoever asked for them.
      if (refreshTokens.has(t) || accessTokens.has(t)) fake.revokeAll();
      fake.revoked.add(t);
      return send(res, 200, {});
    }
    if (!authorized(req)) return googleError(res, 401, 'authError', 'Request had invalid authentication credentials.');
    if (fake.beforeAnswer) await fake.beforeAnswer(`${req.method} ${url.pathname}`, url);
    const reply = fake.beforeReply;
    if (reply) {
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        void reply(`${req.method} ${url.pathname}`, url).finally(() => end(...args));
        return res;
      }) as typeof res.end;
    }
    if (url.pathname === '/calendar/v3/users/me/calendarList') {
      return send(res, 200, { kind: 'calendar#calendarList', items: [...fake.calendars.values()].map((c) => ({ kind: 'calendar#calendarListEntry', id: c.id, summary: c.summary, timeZone: c.timeZone, accessRole: c.accessRole, primary: c.primary || undefined })) });
    }
    if (url.pathname === '/calendar/v3/channels/stop' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req));
      const ch = fake.channels.find((c) => c.id === body.id && c.resourceId === body.resourceId);
      if (!ch) return googleError(res, 404, 'notFound', 'Channel not found');
      ch.stopped = true;
      return send(res, 204);
    }
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    const cal = m ? fake.calendars.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !cal) return googleError(res, 404, 'notFound', 'Not Found');
    return events(req, res, url, cal, m[2] ? decodeURIComponent(m[2]) : undefined);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { error: { code: 500, message: String(e) } }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.stop = () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
  return fake;
}
