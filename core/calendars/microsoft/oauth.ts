/**
 * Microsoft identity platform v2: the authorization-code flow with PKCE, token refresh, and
 * the signed-in account's address (Graph /me). Token calls go to
 * `{MICROSOFT_LOGIN_URL}{MICROSOFT_TENANT}/oauth2/v2.0/…`.
 */
import type { MicrosoftSettings } from '../context.js';
import { GrantRevokedError, type OAuthCredentials } from '../types.js';
import { createGraphClient } from './graph.js';

export const MICROSOFT_SCOPES = ['offline_access', 'openid', 'email', 'User.Read', 'Calendars.ReadWrite'];
const TIMEOUT_MS = 15_000;

const endpoint = (settings: MicrosoftSettings, name: 'authorize' | 'token') => `${settings.loginUrl}${encodeURIComponent(settings.tenant)}/oauth2/v2.0/${name}`;

export function microsoftAuthorizeUrl(settings: MicrosoftSettings, options: { redirectUri: string; state: string; codeChallenge: string }): string {
  const url = new URL(endpoint(settings, 'authorize'));
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    response_mode: 'query',
    scope: MICROSOFT_SCOPES.join(' '),
    state: options.state,
    code_challenge: options.codeChallenge,
    code_challenge_method: 'S256',
    prompt: 'select_account',
  }).toString();
  return url.toString();
}

async function requestTokens(settings: MicrosoftSettings, form: Record<string, string>, previous?: OAuthCredentials): Promise<OAuthCredentials> {
  const res = await fetch(endpoint(settings, 'token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: settings.clientId, client_secret: settings.clientSecret, scope: MICROSOFT_SCOPES.join(' '), ...form }).toString(),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: string };
  if (!res.ok || !body.access_token) {
    if (body.error === 'invalid_grant' || body.error === 'interaction_required') throw new GrantRevokedError(`Microsoft refused the grant (${body.error})`);
    throw new Error(`Microsoft token endpoint answered ${res.status}${body.error ? ` ${body.error}` : ''}`);
  }
  return { kind: 'oauth', accessToken: body.access_token, refreshToken: body.refresh_token ?? previous?.refreshToken ?? null, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
}

export function exchangeMicrosoftCode(settings: MicrosoftSettings, options: { code: string; codeVerifier: string; redirectUri: string }): Promise<OAuthCredentials> {
  return requestTokens(settings, { grant_type: 'authorization_code', code: options.code, redirect_uri: options.redirectUri, code_verifier: options.codeVerifier });
}

/** A new access token from the refresh token. Throws GrantRevokedError on invalid_grant. */
export function refreshMicrosoftTokens(settings: MicrosoftSettings, credentials: OAuthCredentials): Promise<OAuthCredentials> {
  if (!credentials.refreshToken) throw new GrantRevokedError('no Microsoft refresh token');
  return requestTokens(settings, { grant_type: 'refresh_token', refresh_token: credentials.refreshToken }, credentials);
}

export async function microsoftAccount(settings: MicrosoftSettings, credentials: OAuthCredentials): Promise<string> {
  const me = (await createGraphClient(settings, async () => credentials.accessToken).api('/me').select('mail,userPrincipalName').get()) as { mail?: string; userPrincipalName?: string };
  return me.mail ?? me.userPrincipalName ?? 'microsoft';
}
