/**
 * The meetings report as a PDF (pdfkit, Yava's fonts: core/pdf): the totals, meetings per
 * period as bars, busiest hours as a grid and no-shows per host. Text is real text (not drawn
 * shapes), so `pdftotext` and screen readers get every figure.
 */
import type { AnalyticsReport } from '../../core/analytics/report.js';
import { openPdfDocument, writeText, type PdfDocument as Doc } from '../../core/pdf/document.js';
import type { PdfFontOptions } from '../../core/pdf/fonts.js';

const pct = (rate: number | null) => (rate === null ? 'n/a' : `${Math.round(rate * 1000) / 10}%`);

function totals(doc: Doc, report: AnalyticsReport): void {
  const { bookings, noShows, cancellations, utilisation, leadTime } = report;
  writeText(doc.fontSize(14), 'Totals').moveDown(0.3).fontSize(10);
  writeText(doc, `Meetings: ${bookings.total}`);
  writeText(doc, Object.entries(bookings.totals).map(([status, n]) => `${status.replace('_', '-')}: ${n}`).join('   '));
  writeText(doc, `No-shows: ${noShows.noShows} of ${noShows.meetings} held (${pct(noShows.rate)})`);
  writeText(doc, `Cancellations: ${cancellations.total} (by hosts ${cancellations.byWho.host ?? 0}, by attendees ${cancellations.byWho.attendee ?? 0}, by admins ${cancellations.byWho.admin ?? 0})`);
  writeText(doc, `Utilisation: ${pct(utilisation.rate)} (${Math.round(utilisation.bookedMinutes)} of ${Math.round(utilisation.offeredMinutes)} offered minutes booked)`);
  writeText(doc, `Lead time from booking to meeting: median ${leadTime.hours.median ?? 'n/a'} h, 90th percentile ${leadTime.hours.p90 ?? 'n/a'} h`);
  doc.moveDown();
}

function barChart(doc: Doc, title: string, points: Array<{ label: string; value: number }>): void {
  writeText(doc.fontSize(14), title).moveDown(0.3);
  const x0 = doc.page.margins.left + 30;
  const y0 = doc.y;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right - 40;
  const height = 120;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = width / Math.max(1, points.length);
  doc.save().lineWidth(0.5).moveTo(x0, y0).lineTo(x0, y0 + height).lineTo(x0 + width, y0 + height).stroke().restore();
  writeText(doc.fontSize(7), String(max), { x: doc.page.margins.left, y: y0, width: 26, align: 'right' });
  points.forEach((p, i) => {
    const h = (p.value / max) * height;
    if (h > 0) doc.save().rect(x0 + i * step + step * 0.15, y0 + height - h, step * 0.7, h).fill('#2f6fb0').restore();
  });
  const every = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    if (i % every === 0) writeText(doc.fillColor('#000000').fontSize(7), p.label, { x: x0 + i * step, y: y0 + height + 4, width: step * every, lineBreak: false });
  });
  doc.x = doc.page.margins.left;
  doc.y = y0 + height + 20;
  doc.moveDown();
}

function heatmapGrid(doc: Doc, report: AnalyticsReport): void {
  const { matrix, weekdays, busiest } = report.busiestHours;
  writeText(doc.fontSize(14).fillColor('#000000'), 'Busiest hours').moveDown(0.3);
  writeText(doc.fontSize(9), busiest ? `Busiest: ${weekdays[busiest.weekday]} ${String(busiest.hour).padStart(2, '0')}:00 (${busiest.count} meetings)` : 'No meetings in this range.');
  const x0 = doc.page.margins.left + 30;
  const y0 = doc.y + 4;
  const cell = (doc.page.width - doc.page.margins.left - doc.page.margins.right - 40) / 24;
  const max = Math.max(1, ...matrix.flat());
  matrix.forEach((row, d) => {
    writeText(doc.fontSize(7).fillColor('#000000'), weekdays[d]!, { x: doc.page.margins.left, y: y0 + d * 12 + 2, width: 26, lineBreak: false });
    row.forEach((v, h) => {
      const shade = Math.round(240 - (v / max) * 190).toString(16).padStart(2, '0');
      doc.save().rect(x0 + h * cell, y0 + d * 12, cell - 1, 11).fill(`#${shade}${shade}ff`).restore();
    });
  });
  for (let h = 0; h < 24; h += 3) writeText(doc.fontSize(6).fillColor('#000000'), String(h).padStart(2, '0'), { x: x0 + h * cell, y: y0 + 7 * 12 + 2, lineBreak: false });
  doc.x = doc.page.margins.left;
  doc.y = y0 + 8 * 12 + 12;
  doc.moveDown();
}

/**
 * The report as a PDF stream (ends by itself). Throws when the fallback font file cannot be read.
 *
 * @example ctx.body = await meetingsPdf(report, clock.now(), { fallbackFont: config.PDF_FALLBACK_FONT })
 */
export async function meetingsPdf(report: AnalyticsReport, generatedAt: Date, fonts: PdfFontOptions = {}): Promise<Doc> {
  const doc = await openPdfDocument({ size: 'A4', margin: 48, info: { Title: `Meetings report ${report.bookings.from} to ${report.bookings.to}`, Author: 'Yava', CreationDate: generatedAt } }, fonts);
  writeText(doc.fontSize(20), 'Meetings report').moveDown(0.2);
  writeText(doc.fontSize(10), `Scope: ${report.bookings.scope}   Days: ${report.bookings.from} to ${report.bookings.to}   Time zone: ${report.bookings.timezone}`).moveDown();
  totals(doc, report);
  barChart(doc, `Meetings per ${report.bookings.groupBy}`, report.bookings.series.map((p) => ({ label: p.period, value: p.total })));
  heatmapGrid(doc, report);
  writeText(doc.fontSize(14).fillColor('#000000'), 'No-shows per host').moveDown(0.3).fontSize(10);
  if (!report.noShows.byHost.length) writeText(doc, 'No meetings were held in this range.');
  for (const h of report.noShows.byHost) writeText(doc, `${h.username}: ${h.noShows} of ${h.meetings} held (${pct(h.rate)})`);
  doc.end();
  return doc;
}
