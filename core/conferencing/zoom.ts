/**
 * Zoom over its REST API: server-to-server OAuth (`POST /oauth/token?grant_type=account_credentials`
 * with Basic client id/secret, the token cached until a minute before it expires), meetings
 * (`POST /v2/users/me/meetings`) and recording downloads (Bearer download token). Every call has
 * a timeout. Webhooks are signed: `x-zm-signature: v0=<hex HMAC-SHA256(secret, "v0:{ts}:{body}")>`.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../auth/secrets.js';

export interface ZoomSettings {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** REST base (default https://api.zoom.us); requests go to `${apiUrl}/v2/…`. */
  apiUrl: string;
  /** OAuth base (default https://zoom.us; ZOOM_API_URL's when only that is set, as for a fake). */
  oauthUrl: string;
  timeoutMs?: number;
}

export interface ZoomMeeting {
  id: string;
  joinUrl: string;
}

export class ZoomApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function createZoomClient(settings: ZoomSettings, now: () => number = Date.now) {
  const timeoutMs = settings.timeoutMs ?? 15_000;
  let token: { value: string; expiresAt: number } | null = null;
  const trim = (u: string) => u.replace(/\/+$/, '');

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > now() + 60_000) return token.value;
    const url = `${trim(settings.oauthUrl)}/oauth/token?${new URLSearchParams({ grant_type: 'account_credentials', account_id: settings.accountId })}`;
    const basic = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64');
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Basic ${basic}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new ZoomApiError(`Zoom OAuth answered ${res.status}`, res.status);
    const body = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new ZoomApiError('Zoom OAuth answered without a token', 502);
    token = { value: body.access_token, expiresAt: now() + (body.expires_in ?? 3600) * 1000 };
    return token.value;
  }

  return {
    /** A scheduled meeting; `autoRecording` asks for cloud recording (`settings.auto_recording: "cloud"`). */
    async createMeeting(input: { topic: string; start: string; durationMinutes: number; autoRecording: boolean }): Promise<ZoomMeeting> {
      const res = await fetch(`${trim(settings.apiUrl)}/v2/users/me/meetings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          topic: input.topic.slice(0, 200),
          type: 2,
          start_time: new Date(input.start).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          duration: input.durationMinutes,
          timezone: 'UTC',
          settings: { auto_recording: input.autoRecording ? 'cloud' : 'none', join_before_host: false, waiting_room: true },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new ZoomApiError(`Zoom answered ${res.status} creating a meeting`, res.status);
      const body = (await res.json()) as { id?: number | string; join_url?: string };
      if (body.id === undefined || !body.join_url) throw new ZoomApiError('Zoom answered without a meeting id or join URL', 502);
      return { id: String(body.id), joinUrl: body.join_url };
    },

    /** Moves a meeting (start and length). */
    async updateMeeting(id: string, input: { start: string; durationMinutes: number }): Promise<void> {
      const res = await fetch(`${trim(settings.apiUrl)}/v2/meetings/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ start_time: new Date(input.start).toISOString().replace(/\.\d{3}Z$/, 'Z'), duration: input.durationMinutes, timezone: 'UTC' }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new ZoomApiError(`Zoom answered ${res.status} updating a meeting`, res.status);
    },

    /** Deletes a meeting; one already gone (404) is not an error. */
    async deleteMeeting(id: string): Promise<void> {
      const res = await fetch(`${trim(settings.apiUrl)}/v2/meetings/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { authorization: `Bearer ${await accessToken()}` }, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok && res.status !== 404) throw new ZoomApiError(`Zoom answered ${res.status} deleting a meeting`, res.status);
    },

    /** A recording file's bytes (the webhook's download token, else our access token). */
    async download(url: string, downloadToken: string | null): Promise<{ body: Buffer; contentType: string | null }> {
      const bearer = downloadToken ?? (await accessToken());
      const res = await fetch(url, { headers: { authorization: `Bearer ${bearer}` }, redirect: 'follow', signal: AbortSignal.timeout(Math.max(timeoutMs, 120_000)) });
      if (!res.ok) throw new ZoomApiError(`Zoom answered ${res.status} for a recording download`, res.status);
      return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
    },
  };
}

export type ZoomClient = ReturnType<typeof createZoomClient>;

/** How old a signed webhook may be (seconds), as Zoom's sample code allows. */
export const ZOOM_SIGNATURE_TOLERANCE_SECONDS = 300;

/** `v0=<hex HMAC-SHA256(secret, "v0:{timestamp}:{body}")>` */
export function zoomSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/** Whether `x-zm-signature` matches the raw body and `x-zm-request-timestamp` is fresh. */
export function isValidZoomSignature(secret: string, rawBody: Buffer, timestamp: string | undefined, signature: string | undefined, nowSeconds: number): boolean {
  if (!timestamp || !signature || !/^\d{1,13}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > ZOOM_SIGNATURE_TOLERANCE_SECONDS) return false;
  return safeEqual(signature, zoomSignature(secret, timestamp, rawBody));
}

/** The answer to `endpoint.url_validation`: `{plainToken, encryptedToken: hex HMAC-SHA256(secret, plainToken)}`. */
export function zoomUrlValidation(secret: string, plainToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex') };
}
