import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { readBody, sendJson } from './http.js';

export interface FakeSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  dateCreated: Date;
}

/**
 * Twilio's Messages API (2010-04-01) on 127.0.0.1: create (form-encoded, HTTP Basic with the
 * account SID and auth token) and list (To/From filters), with Twilio's JSON and error shapes.
 * `dropNextResponse` accepts the next message and then cuts the connection (the answer is
 * lost, as in a crash between Twilio accepting and us recording). `deliver` posts a signed
 * status callback, as Twilio does.
 */
export async function startFakeTwilio(options: { accountSid: string; authToken: string }) {
  const messages: FakeSms[] = [];
  let dropNextResponse = false;
  const base = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
  const present = (m: FakeSms) => ({
    account_sid: options.accountSid,
    api_version: '2010-04-01',
    sid: m.sid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: 'queued',
    direction: 'outbound-api',
    num_segments: '1',
    num_media: '0',
    error_code: null,
    error_message: null,
    price: null,
    price_unit: 'USD',
    date_created: m.dateCreated.toUTCString(),
    date_updated: m.dateCreated.toUTCString(),
    date_sent: m.dateCreated.toUTCString(),
    uri: `${base.replace('.json', '')}/${m.sid}.json`,
    subresource_uris: {},
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return sendJson(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== base) return sendJson(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (req.method === 'GET') {
      const to = url.searchParams.get('To');
      const from = url.searchParams.get('From');
      const found = messages.filter((m) => (!to || m.to === to) && (!from || m.from === from)).reverse();
      return sendJson(res, 200, { messages: found.map(present), first_page_uri: base, next_page_uri: null, previous_page_uri: null, page: 0, page_size: 50, start: 0, end: found.length, uri: base });
    }
    const form = new URLSearchParams(await readBody(req));
    const to = form.get('To') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return sendJson(res, 400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
    const message: FakeSms = { sid: `SM${randomBytes(16).toString('hex')}`, to, from: form.get('From') ?? '', body: form.get('Body') ?? '', statusCallback: form.get('StatusCallback'), dateCreated: new Date() };
    messages.push(message);
    if (dropNextResponse) {
      dropNextResponse = false;
      req.socket.destroy();
      return;
    }
    sendJson(res, 201, present(message));
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    messages,
    dropNextResponse() {
      dropNextResponse = true;
    },
    /** Signs `params` for `callbackUrl` as Twilio does (X-Twilio-Signature). */
    sign: (callbackUrl: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature(options.authToken, callbackUrl, params),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
