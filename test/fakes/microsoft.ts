/**
 * A fake of the Microsoft identity platform (v2 authorize/token) and Microsoft Graph v1.0 on
 * 127.0.0.1 over TLS (test certificate in fixtures/tls, trusted via NODE_EXTRA_CA_CERTS), for the
 * real `@microsoft/microsoft-graph-client`: /me, /me/calendars, calendarView/delta with absolute
 * https nextLink/deltaLink (410 for an expired delta token), events by extended property,
 * create/patch/delete, and subscriptions whose creation validates the notification URL
 * (`?validationToken=` must be echoed as text/plain). notify() POSTs change notifications.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson } from './http.js';
import { join } from 'node:path';

const TLS_DIR = join(import.meta.dirname, 'fixtures', 'tls');

export interface FakeGraphEvent {
  id: string;
  iCalUId: string;
  subject?: string;
  body?: { contentType: string; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  showAs?: string;
  /** All-day events are sent midnight to midnight in whatever zone is asked for (by design at Microsoft): pass dates as start and end. */
  isAllDay?: boolean;
  isCancelled?: boolean;
  responseStatus?: { response: 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded'; time: string };
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
  attendees?: Array<{ emailAddress: { address: string; name?: string }; type?: string }>;
  removed?: boolean;
  changeSeq: number;
}

interface FakeSubscription {
  id: string;
  resource: string;
  calendarId: string;
  notificationUrl: string;
  clientState: string;
  expirationDateTime: string;
  deleted: boolean;
}

export interface MicrosoftFake {
  url: string;
  clientId: string;
  clientSecret: string;
  tenant: string;
  account: string;
  calendars: Map<string, { id: string; name: string; isDefaultCalendar: boolean; events: Map<string, FakeGraphEvent> }>;
  subscriptions: FakeSubscription[];
  requests: string[];
  /** Validation handshakes the webhook passed. */
  validations: number;
  /**
   * Meeting messages Exchange sent on the organizer's behalf: creating, changing or deleting
   * an event with attendees in their calendar e-mails each attendee (Graph has no switch for it).
   */
  meetingMessages: Array<{ to: string; kind: 'request' | 'update' | 'cancel'; subject: string }>;
  expireDeltaTokensBefore: number;
  /** Graph answers 401 to every access token, new ones too, while the token endpoint still issues them. */
  refuseAccessTokens: boolean;
  addCalendar(id: string, name: string, isDefault?: boolean): void;
  putEvent(calendarId: string, event: Partial<Omit<FakeGraphEvent, 'start' | 'end'>> & { start: string; end: string }): FakeGraphEvent;
  deleteEvent(calendarId: string, id: string): void;
  liveEvents(calendarId: string): FakeGraphEvent[];
  notify(calendarId: string, options?: { clientState?: string }): Promise<number[]>;
  revokeAll(): void;
  stop(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body?: unknown) => sendJson(res, status, body);

const graphError = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });
const wallUtc = (iso: string) => new Date(iso).toISOString().replace('Z', '0000');
/** A Graph UTC wall time ("2026-12-01T10:00:00.0000000") as an ISO instant. */
const fromWall = (dateTime: string) => `${dateTime.slice(0, 19)}Z`;

export async function startMicrosoftFake(): Promise<MicrosoftFake> {
  let seq = 0;
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const access = new Map<string, number>();
  const refresh = new Set<string>();
  const revoked = new Set<string>();
  const fake: MicrosoftFake = {
    url: '',
    clientId: '00000000-aaaa-bbbb-cccc-000000000001',
    clientSecret: 'microsoft-client-secret',
    tenant: 'common',
    account: 'ada@contoso.example',
    calendars: new Map(),
    subscriptions: [],
    requests: [],
    validations: 0,
    meetingMessages: [],
    expireDeltaTokensBefore: 0,
    refuseAccessTokens: false,
    addCalendar(id, name, isDefault = false) {
      fake.calendars.set(id, { id, name, isDefaultCalendar: isDefault, events: new Map() });
    },
    putEvent(calendarId, input) {
      const cal = fake.calendars.get(calendarId)!;
      const id = input.id ?? `AAMk${randomUUID().replace(/-/g, '')}`;
      const previous = cal.events.get(id);
      seq += 1;
      const event: FakeGraphEvent = {
        ...previous,
        ...input,
        id,
        iCalUId: previous?.iCalUId ?? `040000008200E00074C5B7101A82E008${createHash('md5').update(id).digest('hex')}`,
        start: { dateTime: wallUtc(input.start), timeZone: 'UTC' },
        end: { dateTime: wallUtc(input.end), timeZone: 'UTC' },
        changeSeq: seq,
        removed: false,
      };
      cal.events.set(id, event);
      return event;
    },
    deleteEvent(calendarId, id) {
      const cal = fake.calendars.get(calendarId)!;
      const e = cal.events.get(id);
      if (!e) return;
      seq += 1;
      cal.events.set(id, { ...e, removed: true, changeSeq: seq });
    },
    liveEvents(calendarId) {
      return [...fake.calendars.get(calendarId)!.events.values()].filter((e) => !e.removed);
    },
    async notify(calendarId, options = {}) {
      const out: number[] = [];
      for (const sub of fake.subscriptions.filter((s) => s.calendarId === calendarId && !s.deleted)) {
        const res = await fetch(sub.notificationUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: [{ subscriptionId: sub.id, subscriptionExpirationDateTime: sub.expirationDateTime, clientState: options.clientState ?? sub.clientState, changeType: 'updated', resource: sub.resource, resourceData: { '@odata.type': '#Microsoft.Graph.Event', id: 'x' }, tenantId: 'tenant' }] }),
        });
        await res.arrayBuffer();
        out.push(res.status);
      }
      return out;
    },
    revokeAll() {
      for (const t of refresh) revoked.add(t);
      for (const t of access.keys()) revoked.add(t);
    },
    stop: async () => {},
  };

  function tokens(res: ServerResponse, withRefresh: boolean) {
    const token = `eyJ0eXAi.${randomUUID()}`;
    access.set(token, Date.now() + 3600_000);
    const body: Record<string, unknown> = { token_type: 'Bearer', scope: 'Calendars.ReadWrite User.Read', expires_in: 3600, access_token: token };
    if (withRefresh) {
      const r = `M.R3_BAY.${randomUUID()}`;
      refresh.add(r);
      body.refresh_token = r;
    }
    send(res, 200, body);
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('client_id') !== fake.clientId || form.get('client_secret') !== fake.clientSecret) return send(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (!code || code.challenge !== challenge || code.redirectUri !== form.get('redirect_uri')) return send(res, 400, { error: 'invalid_grant', error_description: 'AADSTS70008' });
      return tokens(res, true);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const r = form.get('refresh_token') ?? '';
      if (!refresh.has(r) || revoked.has(r)) return send(res, 400, { error: 'invalid_grant', error_description: 'AADSTS50173: The provided grant has expired due to it being revoked.' });
      return tokens(res, true);
    }
    send(res, 400, { error: 'unsupported_grant_type' });
  }

  const sendMeetingMessages = (e: FakeGraphEvent, kind: 'request' | 'update' | 'cancel') => {
    for (const a of e.attendees ?? []) fake.meetingMessages.push({ to: a.emailAddress.address, kind, subject: e.subject ?? '' });
  };

  const wire = (e: FakeGraphEvent) => {
    const { changeSeq: _s, removed: _r, singleValueExtendedProperties: _p, ...rest } = e;
    return { '@odata.etag': `W/"${e.changeSeq}"`, ...rest };
  };

  function delta(res: ServerResponse, url: URL, calId: string) {
    const cal = fake.calendars.get(calId);
    if (!cal) return graphError(res, 404, 'ErrorItemNotFound', 'Not found');
    const token = url.searchParams.get('$deltatoken');
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const from = token === null ? -1 : Number(token);
    if (token !== null && from < fake.expireDeltaTokensBefore) return graphError(res, 410, 'SyncStateNotFound', 'The sync state generation is not found.');
    // As Graph does, the range of the first request stays the range of every link that follows
    // (real links are opaque; these carry it in the query).
    const range = { startDateTime: url.searchParams.get('startDateTime') ?? '', endDateTime: url.searchParams.get('endDateTime') ?? '' };
    const inRange = (e: FakeGraphEvent) => e.removed || !range.endDateTime || (Date.parse(fromWall(e.start.dateTime)) < Date.parse(range.endDateTime) && Date.parse(fromWall(e.end.dateTime)) > Date.parse(range.startDateTime));
    const all = [...cal.events.values()].filter((e) => e.changeSeq > from && (from >= 0 || !e.removed) && inRange(e)).sort((a, b) => a.changeSeq - b.changeSeq);
    const page = all.slice(skip, skip + 2);
    const base = `${fake.url}/v1.0/me/calendars/${encodeURIComponent(calId)}/calendarView/delta?${new URLSearchParams(range)}`;
    const body: Record<string, unknown> = { value: page.map((e) => (e.removed ? { '@removed': { reason: 'deleted' }, id: e.id } : wire(e))) };
    if (skip + 2 < all.length) body['@odata.nextLink'] = `${base}&${token !== null ? `$deltatoken=${token}&` : ''}$skiptoken=${skip + 2}`;
    else body['@odata.deltaLink'] = `${base}&$deltatoken=${seq}`;
    send(res, 200, body);
  }

  async function subscribe(req: IncomingMessage, res: ServerResponse) {
    const body = JSON.parse(await readBody(req));
    const calendarId = decodeURIComponent(/\/me\/calendars\/([^/]+)\/events/.exec(body.resource)?.[1] ?? '');
    const validationToken = randomUUID();
    const check = await fetch(`${body.notificationUrl}?validationToken=${encodeURIComponent(validationToken)}`, { method: 'POST', signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (!check || check.status !== 200 || !check.headers.get('content-type')?.startsWith('text/plain') || (await check.text()) !== validationToken) return graphError(res, 400, 'InvalidRequest', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    fake.validations += 1;
    const sub: FakeSubscription = { id: randomUUID(), resource: body.resource, calendarId, notificationUrl: body.notificationUrl, clientState: body.clientState, expirationDateTime: body.expirationDateTime, deleted: false };
    fake.subscriptions.push(sub);
    send(res, 201, { id: sub.id, resource: sub.resource, changeType: body.changeType, clientState: sub.clientState, notificationUrl: sub.notificationUrl, expirationDateTime: sub.expirationDateTime });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', fake.url);
    const path = decodeURIComponent(url.pathname);
    fake.requests.push(`${req.method} ${path}`);
    if (path === `/${fake.tenant}/oauth2/v2.0/authorize`) {
      const p = Object.fromEntries(url.searchParams);
      if (p.client_id !== fake.clientId || p.code_challenge_method !== 'S256') return send(res, 400, { error: 'invalid_request' });
      const code = `M.C5_${randomUUID()}`;
      codes.set(code, { challenge: p.code_challenge!, redirectUri: p.redirect_uri! });
      const back = new URL(p.redirect_uri!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.state ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (path === `/${fake.tenant}/oauth2/v2.0/token` && req.method === 'POST') return token(req, res);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!access.has(bearer) || revoked.has(bearer) || access.get(bearer)! < Date.now() || fake.refuseAccessTokens) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    if (path === '/v1.0/me') return send(res, 200, { id: 'u1', mail: fake.account, userPrincipalName: fake.account });
    if (path === '/v1.0/me/calendars') return send(res, 200, { value: [...fake.calendars.values()].map((c) => ({ id: c.id, name: c.name, isDefaultCalendar: c.isDefaultCalendar, canEdit: true })) });
    if (path === '/v1.0/subscriptions' && req.method === 'POST') return subscribe(req, res);
    const sub = /^\/v1\.0\/subscriptions\/(.+)$/.exec(path);
    if (sub && req.method === 'DELETE') {
      const s = fake.subscriptions.find((x) => x.id === sub[1] && !x.deleted);
      if (!s) return graphError(res, 404, 'ResourceNotFound', 'Not found');
      s.deleted = true;
      return send(res, 204);
    }
    const d = /^\/v1\.0\/me\/calendars\/([^/]+)\/calendarView\/delta$/.exec(path);
    if (d) return delta(res, url, d[1]!);
    const list = /^\/v1\.0\/me\/calendars\/([^/]+)\/events$/.exec(path);
    if (list) {
      const cal = fake.calendars.get(list[1]!);
      if (!cal) return graphError(res, 404, 'ErrorItemNotFound', 'Not found');
      if (req.method === 'POST') {
        const body = JSON.parse(await readBody(req));
        const dup = [...cal.events.values()].find((e) => !e.removed && body.transactionId && (e as FakeGraphEvent & { transactionId?: string }).transactionId === body.transactionId);
        if (dup) return send(res, 201, wire(dup));
        const created = fake.putEvent(cal.id, { ...body, start: fromWall(body.start.dateTime), end: fromWall(body.end.dateTime) });
        sendMeetingMessages(created, 'request');
        return send(res, 201, wire(created));
      }
      const uid = /ep\/value eq '([^']+)'/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      const found = [...cal.events.values()].filter((e) => !e.removed && e.singleValueExtendedProperties?.some((p) => p.value === uid));
      return send(res, 200, { value: found.map(wire) });
    }
    const one = /^\/v1\.0\/me\/events\/(.+)$/.exec(path);
    if (one) {
      const cal = [...fake.calendars.values()].find((c) => c.events.get(one[1]!) && !c.events.get(one[1]!)!.removed);
      if (!cal) return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (req.method === 'DELETE') {
        sendMeetingMessages(cal.events.get(one[1]!)!, 'cancel');
        fake.deleteEvent(cal.id, one[1]!);
        return send(res, 204);
      }
      const body = JSON.parse(await readBody(req));
      const current = cal.events.get(one[1]!)!;
      const updated = fake.putEvent(cal.id, { ...current, ...body, id: current.id, start: fromWall((body.start ?? current.start).dateTime), end: fromWall((body.end ?? current.end).dateTime) });
      sendMeetingMessages(updated, 'update');
      return send(res, 200, wire(updated));
    }
    graphError(res, 404, 'BadRequest', `Resource not found for the segment '${path}'.`);
  }

  const server: Server = createServer({ key: readFileSync(join(TLS_DIR, 'server-key.pem')), cert: readFileSync(join(TLS_DIR, 'server.pem')) }, (req, res) => {
    handle(req, res).catch((e) => graphError(res, 500, 'InternalServerError', String(e)));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  fake.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.stop = () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
  return fake;
}
