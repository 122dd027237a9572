/**
 * Google's authorization-code flow (offline access, PKCE S256) through OAuth2Client.
 */
import type { GoogleSettings } from '../context.js';
import type { OAuthCredentials } from '../types.js';
import { createGoogleOAuthClient, GOOGLE_SCOPES } from './client.js';

export async function googleAuthorizeUrl(settings: GoogleSettings, options: { redirectUri: string; state: string; codeChallenge: string }): Promise<string> {
  const client = await createGoogleOAuthClient(settings, options.redirectUri);
  return client.generateAuthUrl({
    access_type: 'offline',
    // Ask again so Google returns a refresh token even for an account that consented before.
    prompt: 'consent',
    include_granted_scopes: true,
    scope: GOOGLE_SCOPES,
    state: options.state,
    code_challenge: options.codeChallenge,
    code_challenge_method: 'S256' as never,
  });
}

export async function exchangeGoogleCode(settings: GoogleSettings, options: { code: string; codeVerifier: string; redirectUri: string }): Promise<OAuthCredentials> {
  const client = await createGoogleOAuthClient(settings, options.redirectUri);
  const { tokens } = await client.getToken({ code: options.code, codeVerifier: options.codeVerifier, redirect_uri: options.redirectUri });
  if (!tokens.access_token) throw new Error('Google returned no access token');
  return { kind: 'oauth', accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? null, expiresAt: tokens.expiry_date ?? null };
}
