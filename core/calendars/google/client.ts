/**
 * The official Google client, loaded on first use: only the Calendar API module of
 * `googleapis` (the whole package takes seconds to load) and its OAuth2Client, pointed at
 * GOOGLE_AUTH_URL, GOOGLE_OAUTH_URL (token, revoke) and GOOGLE_API_URL (rootUrl).
 */
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import type { GoogleSettings } from '../context.js';

type CalendarModule = typeof import('googleapis/build/src/apis/calendar/index.js');
let loaded: Promise<CalendarModule> | null = null;
const load = () => (loaded ??= import('googleapis/build/src/apis/calendar/index.js'));

export type GoogleOAuthClient = InstanceType<CalendarModule['auth']['OAuth2']>;
export type { calendar_v3 };

export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/calendar', 'openid', 'email'];
export const REQUEST_TIMEOUT_MS = 15_000;

export async function createGoogleOAuthClient(settings: GoogleSettings, redirectUri?: string): Promise<GoogleOAuthClient> {
  const { auth } = await load();
  return new auth.OAuth2({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri,
    // A 401 (access token revoked before its expiry) refreshes once; a refused refresh is invalid_grant.
    forceRefreshOnFailure: true,
    endpoints: {
      oauth2AuthBaseUrl: settings.authUrl,
      oauth2TokenUrl: `${settings.oauthUrl}token`,
      oauth2RevokeUrl: `${settings.oauthUrl}revoke`,
      tokenInfoUrl: `${settings.oauthUrl}tokeninfo`,
    },
  });
}

export async function createCalendarApi(settings: GoogleSettings, client: GoogleOAuthClient): Promise<calendar_v3.Calendar> {
  const { calendar } = await load();
  // No automatic retries: the outbox and the next sync retry, with backoff, outside the request.
  return calendar({ version: 'v3', auth: client, rootUrl: settings.apiUrl, retry: false, timeout: REQUEST_TIMEOUT_MS });
}

/** The HTTP status and OAuth error of a failed Google call, when it has them. */
export function googleFailure(error: unknown): { status: number | null; oauthError: string | null } {
  const e = error as { status?: number; code?: number | string; response?: { status?: number; data?: { error?: unknown } } };
  const status = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : typeof e?.code === 'number' ? e.code : null);
  const data = e?.response?.data?.error;
  const oauthError = typeof data === 'string' ? data : /invalid_grant/.test((error as Error)?.message ?? '') ? 'invalid_grant' : null;
  return { status, oauthError };
}
