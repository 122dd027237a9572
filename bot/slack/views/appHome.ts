import type { ConnectionSummary } from '../../../core/calendars/connections.js';
import type { MeetingSummary } from '../../conversation/index.js';
import { meetingListBlocks } from './meetingList.js';
import { escapeBlocks } from './mrkdwn.js';

const PROVIDER_NAMES: Record<ConnectionSummary['provider'], string> = { google: 'Google Calendar', microsoft: 'Outlook', caldav: 'CalDAV' };

/** One line per connected calendar account: working, or stale with the command that fixes it. */
export function calendarStatusText(connections: ConnectionSummary[]): string {
  if (!connections.length) return '*Calendars:* none connected, so only Yava meetings count as busy. Connect one with `yava calendars connect google|microsoft|caldav`.';
  const lines = connections.map((c) => {
    const name = `${PROVIDER_NAMES[c.provider]} (${c.account})`;
    if (c.status === 'needs_reconnect') return `:warning: ${name} needs reconnecting: its busy times are stale. Run \`yava calendars connect ${c.provider}\`.`;
    return `:white_check_mark: ${name}${c.lastSyncedAt ? `, synced ${c.lastSyncedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`;
  });
  return `*Calendars:*\n${lines.join('\n')}`;
}

/** The App Home tab: upcoming meetings with cancel buttons and calendar status, or how to link (`linkText` already escaped, as renderReply writes it). */
export function appHomeView(input: { meetings: MeetingSummary[]; timezone: string; more?: boolean; calendars?: ConnectionSummary[] | null } | { linkText: string }): { type: 'home'; blocks: unknown[] } {
  const header = { type: 'header', text: { type: 'plain_text', text: 'Yava: your meetings' } };
  if ('linkText' in input) return { type: 'home', blocks: [header, { type: 'section', text: { type: 'mrkdwn', text: input.linkText } }] };
  const calendars = input.calendars ? [{ type: 'section', text: { type: 'mrkdwn', text: calendarStatusText(input.calendars) } }] : [];
  const meetings = escapeBlocks(meetingListBlocks(input.meetings, input.timezone, undefined, input.more).blocks);
  return { type: 'home', blocks: [header, ...meetings, ...calendars, { type: 'context', elements: [{ type: 'mrkdwn', text: 'Schedule with `/meet 30 min with @alice tomorrow afternoon`.' }] }] };
}
