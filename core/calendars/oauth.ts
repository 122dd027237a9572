/**
 * The OAuth 2.0 authorization-code flow for Google and Microsoft. Starting it stores a
 * one-time `state` (hashed, 10 minutes) bound to the user who asked, with a PKCE verifier
 * (sealed); the callback must present that state, and the connection is made for that user.
 * Code exchange and the first sync run outside any transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { DomainError } from '../errors.js';
import { getConnection, saveConnection, type ConnectionSummary } from './connections.js';
import type { CalendarContext } from './context.js';
import { ensureChannels } from './channels.js';
import { exchangeGoogleCode, googleAuthorizeUrl } from './google/oauth.js';
import { openGoogleSession } from './google/session.js';
import { exchangeMicrosoftCode, microsoftAccount, microsoftAuthorizeUrl } from './microsoft/oauth.js';
import { openMicrosoftSession } from './microsoft/session.js';
import { syncConnection } from './syncCalendar.js';
import type { CalendarSession, OAuthCredentials, RemoteCalendar } from './types.js';

export type OAuthProvider = 'google' | 'microsoft';
const STATE_TTL_MS = 10 * 60_000;

const NOT_CONFIGURED: Record<OAuthProvider, string> = {
  google: 'Google calendars are not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET',
  microsoft: 'Outlook calendars are not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET',
};

export const redirectUriFor = (ctx: CalendarContext, provider: OAuthProvider) => `${ctx.settings.publicUrl}/oauth/${provider}/callback`;

function requireSettings(ctx: CalendarContext, provider: OAuthProvider) {
  const settings = ctx.settings[provider];
  if (!settings) throw new DomainError('not_configured', NOT_CONFIGURED[provider]);
  return settings;
}

/** Starts the flow for `userId`: returns the provider's authorize URL. Throws not_configured. */
export async function startOAuth(ctx: CalendarContext, userId: string, provider: OAuthProvider): Promise<{ authorizeUrl: string }> {
  const settings = requireSettings(ctx, provider);
  const state = generateSecret('', 32);
  const codeVerifier = randomBytes(48).toString('base64url');
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  await ctx.db('calendar_oauth_states').insert({ state_hash: hashSecret(state), user_id: userId, provider, code_verifier: ctx.box.seal(codeVerifier), expires_at: new Date(ctx.clock.now().getTime() + STATE_TTL_MS) });
  const options = { redirectUri: redirectUriFor(ctx, provider), state, codeChallenge };
  const authorizeUrl = provider === 'google' ? await googleAuthorizeUrl(ctx.settings.google!, options) : microsoftAuthorizeUrl(ctx.settings.microsoft!, options);
  void settings;
  return { authorizeUrl };
}

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
}

const refused = (message: string) => new DomainError('validation_failed', message, { errors: [{ field: 'state', message }] });

/** Claims the state (once): the user it was issued to and the PKCE verifier. Throws validation_failed. */
async function claimState(ctx: CalendarContext, provider: OAuthProvider, state: string | undefined): Promise<{ userId: string; codeVerifier: string; stateHash: string }> {
  if (!state) throw refused('The sign-in link is incomplete (no state); start again with yava calendars connect');
  const stateHash = hashSecret(state);
  const [row] = await ctx.db('calendar_oauth_states')
    .where({ state_hash: stateHash, provider })
    .whereNull('used_at')
    .where('expires_at', '>', ctx.clock.now())
    .update({ used_at: ctx.clock.now() })
    .returning(['user_id', 'code_verifier']);
  if (!row) throw refused('This sign-in link was already used or has expired; start again with yava calendars connect');
  return { userId: row.user_id, codeVerifier: ctx.box.open(row.code_verifier), stateHash };
}

async function openOAuthSession(ctx: CalendarContext, provider: OAuthProvider, credentials: OAuthCredentials): Promise<CalendarSession> {
  const noop = async () => {};
  return provider === 'google' ? openGoogleSession(ctx.settings.google!, credentials, noop) : openMicrosoftSession(ctx.settings.microsoft!, credentials, noop);
}

/** The account a connection is named after: Google's primary calendar id is its address. */
async function accountOf(ctx: CalendarContext, provider: OAuthProvider, credentials: OAuthCredentials, calendars: RemoteCalendar[]): Promise<string> {
  if (provider === 'microsoft') return microsoftAccount(ctx.settings.microsoft!, credentials);
  return (calendars.find((c) => c.isPrimary) ?? calendars[0])?.externalId ?? 'google';
}

/**
 * Completes the flow: checks the state, exchanges the code (with the PKCE verifier), lists
 * calendars, stores the connection for the user the state belongs to, syncs and opens push
 * channels. Throws validation_failed (bad state, denied consent) or upstream_failed.
 */
export async function completeOAuth(ctx: CalendarContext, provider: OAuthProvider, query: CallbackQuery): Promise<ConnectionSummary> {
  requireSettings(ctx, provider);
  const { userId, codeVerifier, stateHash } = await claimState(ctx, provider, query.state);
  const fail = async (message: string, code: 'validation_failed' | 'upstream_failed' = 'validation_failed') => {
    await ctx.db('calendar_oauth_states').where({ state_hash: stateHash }).update({ error: message });
    return new DomainError(code, message);
  };
  if (query.error || !query.code) throw await fail(query.error === 'access_denied' ? 'Access was not granted, so nothing was connected' : 'The provider sent no authorization code; start again');
  let credentials: OAuthCredentials;
  let calendars: RemoteCalendar[];
  let account: string;
  try {
    const options = { code: query.code, codeVerifier, redirectUri: redirectUriFor(ctx, provider) };
    credentials = provider === 'google' ? await exchangeGoogleCode(ctx.settings.google!, options) : await exchangeMicrosoftCode(ctx.settings.microsoft!, options);
    calendars = await (await openOAuthSession(ctx, provider, credentials)).listCalendars();
    account = await accountOf(ctx, provider, credentials, calendars);
  } catch (error) {
    ctx.logger.warn({ provider, error: (error as Error)?.message?.split('\n')[0] }, 'calendar authorization failed');
    throw await fail(`Could not finish connecting to ${provider === 'google' ? 'Google' : 'Microsoft'}; try again`, 'upstream_failed');
  }
  const connection = await saveConnection(ctx, { userId, provider, account, credentials, calendars });
  await ctx.db('calendar_oauth_states').where({ state_hash: stateHash }).update({ connection_id: connection.id });
  await syncConnection(ctx, connection.id);
  await ensureChannels(ctx, connection.id);
  return getConnection(ctx, userId, connection.id);
}
