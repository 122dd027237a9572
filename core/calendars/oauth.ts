/**
 * The OAuth 2.0 authorization-code flow for Google and Microsoft. Starting it stores a
 * one-time `state` (hashed, 10 minutes) bound to the user who asked, with a PKCE verifier
 * (sealed), and hands out a one-time start link on this server rather than the provider's
 * address. Since anyone can send such a link to anyone, only a browser signed in to Yava as
 * that user goes straight on; any other first sees a page naming the account the calendar will
 * go to and goes on only with Continue (one signed in as someone else is refused). Going on, the
 * browser gets a random key in a cookie (only its hash is stored) and is sent to the provider.
 * The callback must present that state from that same browser, so a consent link or callback
 * link passed to someone else connects nothing; the connection is made for the user the state
 * was issued to. The cookie holds one key per attempt still open, up to
 * {@link MAX_OPEN_ATTEMPTS}, so attempts started side by side in one browser (two accounts, two
 * tabs) each finish there. Code exchange and the first sync run outside any transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { generateSecret, hashSecret, safeEqual } from '../auth/secrets.js';
import { DomainError } from '../errors.js';
import { maskEmail } from '../text.js';
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
/** How long a started flow (its start link, state and browser key) stays usable. */
export const OAUTH_FLOW_TTL_MS = 10 * 60_000;
/** How many attempts of one provider a browser keeps open at once: starting one more forgets the oldest's key. */
export const MAX_OPEN_ATTEMPTS = 5;

const NOT_CONFIGURED: Record<OAuthProvider, string> = {
  google: 'Google calendars are not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET',
  microsoft: 'Outlook calendars are not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET',
};

export const redirectUriFor = (ctx: CalendarContext, provider: OAuthProvider) => `${ctx.settings.publicUrl}/oauth/${provider}/callback`;
const startUrlFor = (ctx: CalendarContext, provider: OAuthProvider, token: string) => `${ctx.settings.publicUrl}/oauth/${provider}/start?token=${token}`;

function requireSettings(ctx: CalendarContext, provider: OAuthProvider) {
  const settings = ctx.settings[provider];
  if (!settings) throw new DomainError('not_configured', NOT_CONFIGURED[provider]);
  return settings;
}

/**
 * Starts the flow for `userId`: returns the address to open in a browser (`authorizeUrl`, a
 * one-time start link on this server that leads on to the provider). Throws not_configured.
 */
export async function startOAuth(ctx: CalendarContext, userId: string, provider: OAuthProvider): Promise<{ authorizeUrl: string }> {
  requireSettings(ctx, provider);
  const state = generateSecret('', 32);
  const startToken = generateSecret('', 32);
  const codeVerifier = randomBytes(48).toString('base64url');
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const options = { redirectUri: redirectUriFor(ctx, provider), state, codeChallenge };
  const providerUrl = provider === 'google' ? await googleAuthorizeUrl(ctx.settings.google!, options) : microsoftAuthorizeUrl(ctx.settings.microsoft!, options);
  await ctx.db('calendar_oauth_states').insert({
    state_hash: hashSecret(state),
    start_token_hash: hashSecret(startToken),
    authorize_url: ctx.box.seal(providerUrl),
    user_id: userId,
    provider,
    code_verifier: ctx.box.seal(codeVerifier),
    expires_at: new Date(ctx.clock.now().getTime() + OAUTH_FLOW_TTL_MS),
  });
  return { authorizeUrl: startUrlFor(ctx, provider, startToken) };
}

/** How long a connect attempt is kept after it expired (the CLI reads its outcome while it waits). */
export const OAUTH_FLOW_RETENTION_MS = 86_400_000;

/** Forgets connect attempts that expired over {@link OAUTH_FLOW_RETENTION_MS} ago (one row per attempt, they would pile up); returns how many. */
export async function purgeOAuthFlows(db: Knex, now: Date): Promise<number> {
  const deleted = await db('calendar_oauth_states').where('expires_at', '<', new Date(now.getTime() - OAUTH_FLOW_RETENTION_MS)).delete().returning('state_hash');
  return deleted.length;
}

const START_AGAIN = 'start connecting again from Yava';
const refused = (field: 'state' | 'token', message: string) => new DomainError('validation_failed', message, { errors: [{ field, message }] });

/** The flows of `provider` not yet finished nor expired. */
const pendingFlows = (ctx: CalendarContext, provider: OAuthProvider) => ctx.db('calendar_oauth_states').where({ provider }).whereNull('used_at').where('expires_at', '>', ctx.clock.now());

/**
 * The keys among `keys` (a browser's cookie, oldest first) whose attempts are still open: bound to
 * a flow of `provider` neither finished nor expired. Keys of finished, expired or unknown
 * attempts are left out, and so is any key past the newest {@link MAX_OPEN_ATTEMPTS}.
 * @example ctx.cookies.set(name, (await openAttemptKeys(ctx, 'google', held)).join('.'))
 */
export async function openAttemptKeys(ctx: CalendarContext, provider: OAuthProvider, keys: readonly string[]): Promise<string[]> {
  const recent = keys.slice(-MAX_OPEN_ATTEMPTS);
  if (!recent.length) return [];
  const rows: Array<{ browser_hash: string }> = await pendingFlows(ctx, provider).whereIn('browser_hash', recent.map(hashSecret)).select('browser_hash');
  const open = new Set(rows.map((r) => r.browser_hash));
  return recent.filter((key) => open.has(hashSecret(key)));
}

export interface OpenOAuthOptions {
  /** The keys this browser's cookie holds from opening start links before (oldest first). */
  heldKeys?: readonly string[];
  /** The Yava user signed in in this browser (the dashboard's session), if any. */
  viewerId?: string;
  /** The person pressed Continue on the page naming the account the calendar goes to. */
  confirmed?: boolean;
}

/** Where an opened start link leads: on to the provider (with the keys this browser's cookie holds now, oldest first), or first to a page that asks. */
export type OpenedOAuth =
  | { next: 'provider'; providerUrl: string; browserKeys: string[] }
  | { next: 'confirm'; account: { username: string; maskedEmail: string }; providerOrigin: string };

/**
 * Opens a start link in a browser. A link is a bearer token that anyone can send to anyone, so
 * it leads on to the provider only for the browser signed in to Yava as the user it was made
 * for, or once the person has confirmed (`confirmed`) on a page naming that account
 * (`next: 'confirm'`, which changes nothing); a browser signed in as someone else is refused.
 * Going on, the first browser gets a new key (only the hash is kept), added to those of its other
 * attempts still open (`browserKeys`, for its cookie: at most {@link MAX_OPEN_ATTEMPTS}, the
 * oldest dropped); the same browser opening it again (Back, a second click) goes on with the key
 * it holds.
 * Throws validation_failed for a link opened already in another browser, used, or expired;
 * forbidden (details.reason other_account) for a browser signed in as another user.
 * @example const opened = await openOAuth(ctx, 'google', token, { heldKeys, viewerId, confirmed: true })
 */
export async function openOAuth(ctx: CalendarContext, provider: OAuthProvider, token: string | undefined, options: OpenOAuthOptions = {}): Promise<OpenedOAuth> {
  requireSettings(ctx, provider);
  if (!token) throw refused('token', `The connect link is incomplete (no token); ${START_AGAIN}`);
  const startTokenHash = hashSecret(token);
  const alreadyOpened = () => refused('token', `This connect link was already opened in another browser, or was used or has expired; ${START_AGAIN}`);
  const flow = await pendingFlows(ctx, provider).where({ start_token_hash: startTokenHash }).first('user_id', 'browser_hash', 'authorize_url');
  const held = (options.heldKeys ?? []).slice(-MAX_OPEN_ATTEMPTS);
  const heldKey = flow?.browser_hash ? held.find((key) => safeEqual(hashSecret(key), flow.browser_hash)) : undefined;
  if (!flow || (flow.browser_hash && !heldKey)) throw alreadyOpened();
  const owner = await ctx.db('users').where({ id: flow.user_id }).first('username', 'email');
  if (options.viewerId && options.viewerId !== flow.user_id) {
    const viewer = await ctx.db('users').where({ id: options.viewerId }).first('username');
    throw new DomainError('forbidden', `This connect link was made for the Yava account @${owner.username}, but this browser is signed in to Yava as @${viewer?.username ?? 'another user'}, so nothing was connected`, {
      details: { reason: 'other_account' },
    });
  }
  const providerUrl: string = ctx.box.open(flow.authorize_url);
  if (options.viewerId !== flow.user_id && !options.confirmed) {
    return { next: 'confirm', account: { username: owner.username, maskedEmail: maskEmail(owner.email) }, providerOrigin: new URL(providerUrl).origin };
  }
  // The held key of this attempt is among them: its flow is open and bound to it.
  const stillOpen = await openAttemptKeys(ctx, provider, held);
  if (heldKey) return { next: 'provider', providerUrl, browserKeys: stillOpen };
  const browserKey = generateSecret('', 32);
  // Only while no browser has it: of two opening it at once, one goes on.
  const bound = await pendingFlows(ctx, provider).where({ start_token_hash: startTokenHash }).whereNull('browser_hash').update({ browser_hash: hashSecret(browserKey) });
  if (!bound) throw alreadyOpened();
  return { next: 'provider', providerUrl, browserKeys: [...stillOpen, browserKey].slice(-MAX_OPEN_ATTEMPTS) };
}

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
}

/**
 * Claims the state (once) for the browser holding its key among `browserKeys`: the user it was
 * issued to and the PKCE verifier. A state presented without that browser's key stays unclaimed.
 * Throws validation_failed.
 */
async function claimState(ctx: CalendarContext, provider: OAuthProvider, state: string | undefined, browserKeys: readonly string[]): Promise<{ userId: string; codeVerifier: string; stateHash: string }> {
  if (!state) throw refused('state', `The sign-in link is incomplete (no state); ${START_AGAIN}`);
  const stateHash = hashSecret(state);
  const keys = browserKeys.slice(-MAX_OPEN_ATTEMPTS);
  const [row] = keys.length
    ? await pendingFlows(ctx, provider)
        .where({ state_hash: stateHash })
        .whereIn('browser_hash', keys.map(hashSecret))
        .update({ used_at: ctx.clock.now() })
        .returning(['user_id', 'code_verifier'])
    : [];
  if (row) return { userId: row.user_id, codeVerifier: ctx.box.open(row.code_verifier), stateHash };
  if (await pendingFlows(ctx, provider).where({ state_hash: stateHash }).first('state_hash')) {
    // Someone else's consent (or a link sent to this browser): finishing it would connect a
    // calendar to an account the person in front of this browser did not choose.
    throw refused('state', `This sign-in was not started in this browser, so nothing was connected; ${START_AGAIN}`);
  }
  throw refused('state', `This sign-in link was already used or has expired; ${START_AGAIN}`);
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
 * Completes the flow: checks the state and that this browser (one of `browserKeys`, from the
 * cookie openOAuth set) began it, exchanges the code (with the PKCE verifier), lists
 * calendars, stores the connection for the user the state belongs to, syncs and opens push
 * channels. Throws validation_failed (bad state, denied consent) or upstream_failed.
 */
export async function completeOAuth(ctx: CalendarContext, provider: OAuthProvider, query: CallbackQuery, browserKeys: readonly string[]): Promise<ConnectionSummary> {
  requireSettings(ctx, provider);
  const { userId, codeVerifier, stateHash } = await claimState(ctx, provider, query.state, browserKeys);
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
