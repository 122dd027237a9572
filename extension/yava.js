// The extension's talk with a Yava server and the text it shows: plain functions, no browser
// APIs, so they run (and are tested) in Node as well as in the popup and the service worker.

/** A server URL as typed ("yava.example.com/", "127.0.0.1:3000", "http://127.0.0.1:3000") → its origin, or null. */
export function normaliseServer(input) {
  const text = String(input ?? '').trim();
  if (!text) return null;
  // Another scheme ("ftp://…") is not a server. Without a scheme, this machine means http (a local
  // server rarely has a certificate) and any other host https.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^https?:\/\//i.test(text)) return null;
  const local = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d*)?(\/|$)/i.test(text);
  try {
    const url = new URL(/^https?:\/\//i.test(text) ? text : `${local ? 'http' : 'https'}://${text}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** A refused call: the server's words, and its HTTP status (401: the token is no good any more). */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** A call to the API with the personal access token; a problem+json answer becomes an Error with its words. */
export async function api(session, path, options = {}) {
  const headers = { accept: 'application/json', authorization: `Bearer ${session.token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`${session.server}${path}`, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new Error(`Could not reach ${session.server}. Is the server running, and is the address right?`);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    if (res.status === 401) throw new ApiError('The token was refused: create a new one with `yava tokens create` and sign in again.', 401);
    throw new ApiError(json?.detail || json?.title || `The server answered ${res.status}`, res.status);
  }
  return json;
}

/** Local midnight today and tomorrow in the browser's zone, as ISO instants. */
export function todayRange(now = new Date()) {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** Today's pending and scheduled meetings, earlier ones included, in start order. */
export async function meetingsToday(session, timezone, now = new Date()) {
  const { from, to } = todayRange(now);
  const common = `status=pending,scheduled&timezone=${encodeURIComponent(timezone)}&limit=100`;
  const nowIso = now.toISOString();
  const [past, upcoming] = await Promise.all([
    api(session, `/api/meetings?scope=past&from=${encodeURIComponent(from)}&to=${encodeURIComponent(nowIso)}&${common}`),
    api(session, `/api/meetings?scope=upcoming&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&${common}`),
  ]);
  const byId = new Map();
  for (const m of [...(past?.meetings ?? []), ...(upcoming?.meetings ?? [])]) if (m.start < to && m.end > from) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/** The public booking page of a personal event type; team event types have none to link to. */
export function bookingLink(server, eventType) {
  if (!eventType.owner || eventType.team) return null;
  return `${server}/${encodeURIComponent(eventType.owner)}/${encodeURIComponent(eventType.slug)}`;
}

/** The next free slots of an event type (a week ahead by the server's default). */
export async function nextSlots(session, eventType, timezone, limit = 5) {
  const owner = eventType.team ? `team=${encodeURIComponent(eventType.team)}` : `user=${encodeURIComponent(eventType.owner)}`;
  const list = await api(session, `/api/availability?${owner}&eventType=${encodeURIComponent(eventType.slug)}&timezone=${encodeURIComponent(timezone)}&limit=${limit}`);
  return list?.slots ?? [];
}

/** "Wed 2 Dec, 10:00–10:30" in the reader's locale, 12- or 24-hour as that locale writes it. */
export function formatRange(start, end, locale, timezone) {
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: timezone }).format(new Date(start));
  return `${day}, ${formatTimes(start, end, locale, timezone)}`;
}

/** "10:00–10:30" (or "10:00 AM–10:30 AM") in the reader's locale and zone. */
export function formatTimes(start, end, locale, timezone) {
  const time = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: timezone });
  return `${time.format(new Date(start))}–${time.format(new Date(end))}`;
}

/** The text put on the clipboard for "copy times": one line per slot, the zone, then the link. */
export function slotListText(eventType, slots, link, locale, timezone) {
  const lines = slots.map((s) => `• ${formatRange(s.start, s.end, locale, timezone)}`);
  const head = `${eventType.title} (${eventType.durationMinutes} min), times in ${timezone.replace(/_/g, ' ')}:`;
  return [head, ...lines, ...(link ? ['', `Book one: ${link}`] : [])].join('\n');
}

/** Who attends, for a meeting's line: attendee names, else their addresses. */
export function attendeesOf(meeting) {
  return (meeting.attendees ?? []).map((a) => a.name || a.email).join(', ');
}
