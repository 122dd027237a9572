import type { Api, Query } from './client.js';
import type { Meeting, MeetingsPage } from './types.js';

/** Every meeting in [from, to) of both scopes (upcoming and past), following cursors. */
export async function fetchMeetingsBetween(client: Api, from: string, to: string, zone: string, extra: Query = {}): Promise<Meeting[]> {
  const byId = new Map<string, Meeting>();
  for (const scope of ['past', 'upcoming']) {
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: MeetingsPage = await client.get<MeetingsPage>('/api/meetings', { scope, from, to, timezone: zone, limit: 100, cursor: cursor ?? undefined, ...extra });
      for (const m of page.meetings) byId.set(m.id, m);
      cursor = page.nextCursor;
    } while (cursor && ++pages < 50);
  }
  return [...byId.values()].filter((m) => Date.parse(m.end) > Date.parse(from) && Date.parse(m.start) < Date.parse(to)).sort((a, b) => a.start.localeCompare(b.start));
}
