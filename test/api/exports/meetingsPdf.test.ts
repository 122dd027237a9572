import { expect } from 'chai';
import type { AnalyticsReport } from '../../../core/analytics/report.js';
import { meetingsPdf } from '../../../api/exports/meetingsPdf.js';
import type { PdfFontOptions } from '../../../core/pdf/fonts.js';
import { JAPANESE_NAME, NAMES_BY_SCRIPT, pdfToText, requireCjkFont } from '../../helpers/pdf.js';

/** A report of one week whose no-shows list `hosts` (usernames are ASCII today; the report must not depend on it). */
function reportWithHosts(hosts: string[]): AnalyticsReport {
  const scope = { scope: 'team:sales', from: '2026-10-19', to: '2026-10-25', timezone: 'Europe/Warsaw', groupBy: 'day' as const };
  const totals = { pending: 0, pending_payment: 0, scheduled: 1, completed: 2, no_show: 1, canceled: 0, rejected: 0 };
  const matrix = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  return {
    bookings: { metric: 'bookings', ...scope, total: 4, totals, series: [{ period: '2026-10-19', total: 4, ...totals }] },
    noShows: { metric: 'no-shows', ...scope, meetings: 3, noShows: 1, rate: 1 / 3, byHost: hosts.map((username) => ({ username, meetings: 3, noShows: 1, rate: 1 / 3 })), byInvitee: [] },
    cancellations: { metric: 'cancellations', ...scope, total: 0, byWho: {}, leadTimeHours: { median: null, average: null, withinDay: 0 }, series: [] },
    utilisation: { metric: 'utilisation', ...scope, offeredMinutes: 600, bookedMinutes: 120, rate: 0.2, byHost: [], weekly: [] },
    busiestHours: { metric: 'busiest-hours', ...scope, weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], matrix, busiest: null, total: 0 },
    leadTime: { metric: 'lead-time', ...scope, meetings: 4, hours: { median: 24, p90: 48, average: 30 }, buckets: [] },
  };
}

async function reportText(hosts: string[], fonts?: PdfFontOptions): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await meetingsPdf(reportWithHosts(hosts), new Date('2026-10-26T08:00:00Z'), fonts)) chunks.push(chunk as Buffer);
  return pdfToText(Buffer.concat(chunks));
}

describe('api/exports/meetingsPdf', () => {
  it('prints host names in Polish, Czech, Turkish, Greek and Cyrillic exactly as given', async () => {
    const text = await reportText(Object.values(NAMES_BY_SCRIPT));
    for (const name of Object.values(NAMES_BY_SCRIPT)) expect(text).to.contain(`${name}: 1 of 3 held (33.3%)`);
  });

  it('prints Japanese names with a system CJK font (skipped on a machine without one)', async function () {
    requireCjkFont(this);
    expect(await reportText([JAPANESE_NAME])).to.contain(`${JAPANESE_NAME}: 1 of 3 held (33.3%)`);
  });

  it('without a font for them, prints U+FFFD for letters it cannot show, not other letters', async () => {
    expect(await reportText(['Łukasz 山田'], { fallbackFont: null })).to.contain('Łukasz \uFFFD\uFFFD: 1 of 3 held');
  });
});
