/**
 * Connecting a CalDAV account (iCloud, Fastmail, Nextcloud) with an app password: log in,
 * list the calendars, store the connection with the password sealed, then sync.
 */
import { DomainError } from '../../errors.js';
import { createGuardedFetch, isPrivateAddressRefusal } from '../../net/guardedFetch.js';
import { saveConnection, getConnection, type ConnectionSummary } from '../connections.js';
import type { CalendarContext } from '../context.js';
import { syncConnection } from '../syncCalendar.js';
import { GrantRevokedError, type CalDavCredentials, type RemoteCalendar } from '../types.js';
import { openCalDavSession } from './session.js';

const bad = (field: string, message: string) =>
  new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });

export interface ConnectCalDavInput {
  url?: unknown;
  username?: unknown;
  password?: unknown;
}

function readInput(input: ConnectCalDavInput): CalDavCredentials {
  let url: URL;
  try {
    url = new URL(String(input.url ?? ''));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw bad(
      'url',
      'expected the CalDAV server address, e.g. https://caldav.icloud.com or https://caldav.fastmail.com',
    );
  }
  if (typeof input.username !== 'string' || !input.username.trim())
    throw bad('username', 'required: the account name you sign in to the CalDAV server with');
  if (typeof input.password !== 'string' || !input.password)
    throw bad('password', 'required: an app password made for Yava in your account settings');
  return { kind: 'caldav', url: url.toString(), username: input.username.trim(), password: input.password };
}

/** Throws validation_failed, unprocessable (credentials refused, no calendars) or upstream_failed. */
export async function connectCalDav(
  ctx: CalendarContext,
  userId: string,
  input: ConnectCalDavInput,
): Promise<ConnectionSummary> {
  const credentials = readInput(input);
  let calendars: RemoteCalendar[];
  try {
    // The server is the user's to name: it may not be this machine or the private network (SSRF).
    const session = await openCalDavSession(credentials, { fetch: createGuardedFetch({ policy: ctx.settings.caldavPolicy }) });
    calendars = await session.listCalendars();
  } catch (error) {
    if (isPrivateAddressRefusal(error))
      throw bad('url', 'the server is on this machine or a private network, which Yava does not reach unless CALDAV_ALLOW_PRIVATE_URLS=on is set on the server');
    if (error instanceof GrantRevokedError)
      throw new DomainError('unprocessable', 'The CalDAV server refused that username or app password', {
        errors: [{ field: 'password', message: 'refused by the server; create an app password and try again' }],
      });
    throw new DomainError(
      'upstream_failed',
      `Could not reach the CalDAV server at ${new URL(credentials.url).host}; check the url`,
    );
  }
  if (!calendars.length)
    throw new DomainError('unprocessable', 'That CalDAV account has no calendars with events', {
      errors: [{ field: 'url', message: 'no calendars found there' }],
    });
  const account = `${credentials.username}@${new URL(credentials.url).host}`;
  const connection = await saveConnection(ctx, { userId, provider: 'caldav', account, credentials, calendars });
  await syncConnection(ctx, connection.id);
  return getConnection(ctx, userId, connection.id);
}
