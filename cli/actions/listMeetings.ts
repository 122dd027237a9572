import { LISTED_BY_DEFAULT } from '../../core/booking/listedStatuses.js';
import type { CommandContext } from '../commandContext.js';
import { usageError } from '../errors.js';
import type { Meeting, MeetingsPage } from '../types.js';

/** `yava meetings`'s flags, as parsed. */
export interface ListMeetingsOptions {
  past?: boolean;
  status?: string;
  all?: boolean;
  from?: string;
  to?: string;
  limit: number;
}

export interface ListMeetingsResult {
  meetings: Meeting[];
  nextCursor: string | null;
}

/** `yava meetings`: up to `limit` meetings, following cursors; a table for people. */
export async function listMeetings(ctx: CommandContext, flags: ListMeetingsOptions): Promise<ListMeetingsResult> {
  const zone = ctx.zone;
  // Dates and tables need luxon, which loads only then: `meetings --json`, what scripts run, starts without it.
  const { parseIsoInstant } = flags.from || flags.to ? await import('../when.js') : { parseIsoInstant: () => null };
  const bound = (value: string | undefined, flag: string, endOfDay: boolean) => {
    if (!value) return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return parseIsoInstant(`${value}T${endOfDay ? '23:59:59' : '00:00'}`, zone)!;
    const iso = parseIsoInstant(value, zone);
    if (!iso) throw usageError(`${flag}: expected YYYY-MM-DD or an ISO date-time (got "${value}")`);
    return iso;
  };
  // What is still on (core's default lists): canceled and rejected meetings only when asked for.
  const status = flags.status ?? (flags.all ? undefined : LISTED_BY_DEFAULT[flags.past ? 'past' : 'upcoming'].join(','));
  const query = { scope: flags.past ? 'past' : 'upcoming', status, from: bound(flags.from, '--from', false), to: bound(flags.to, '--to', true), timezone: zone };
  const meetings: Meeting[] = [];
  let cursor: string | null = null;
  const work = async () => {
    do {
      const page: MeetingsPage = await ctx.client.get<MeetingsPage>('/api/meetings', { ...query, limit: Math.min(100, flags.limit - meetings.length), cursor: cursor ?? undefined });
      meetings.push(...page.meetings);
      cursor = page.nextCursor;
    } while (cursor && meetings.length < flags.limit);
  };
  await ctx.spin('Loading meetings', work());
  if (ctx.json) return { meetings, nextCursor: cursor };
  if (!meetings.length) ctx.log(flags.past ? 'No past meetings.' : 'No upcoming meetings.');
  else ctx.log((await import('../views/meetings.js')).meetingsTable(meetings, zone, ctx.paint));
  if (cursor) ctx.log(ctx.paint('dim', `(more: raise --limit)`));
  return { meetings, nextCursor: cursor };
}
