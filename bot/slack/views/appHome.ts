import type { MeetingSummary } from '../../conversation/index.js';
import { meetingListBlocks } from './meetingList.js';

/** The App Home tab: upcoming meetings with cancel buttons, or how to link. */
export function appHomeView(input: { meetings: MeetingSummary[]; timezone: string } | { linkText: string }): { type: 'home'; blocks: unknown[] } {
  const header = { type: 'header', text: { type: 'plain_text', text: 'Yava: your meetings' } };
  if ('linkText' in input) return { type: 'home', blocks: [header, { type: 'section', text: { type: 'mrkdwn', text: input.linkText } }] };
  return { type: 'home', blocks: [header, ...meetingListBlocks(input.meetings, input.timezone).blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: 'Schedule with `/meet 30 min with @alice tomorrow afternoon`.' }] }] };
}
