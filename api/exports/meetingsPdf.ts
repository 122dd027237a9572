/**
 * The meetings report as a PDF (pdfkit): the totals, meetings per period as bars, busiest
 * hours as a grid and no-shows per host. Text is real text (not drawn shapes), so
 * `pdftotext` and screen readers get every figure.
 */
import PDFDocument from 'pdfkit';
import type { AnalyticsReport } from '../../core/analytics/report.js';

type Doc = InstanceType<typeof PDFDocument>;

const pct = (rate: number | null) => (rate === null ? 'n/a' : `${Math.round(rate * 1000) / 10}%`);

function totals(doc: Doc, report: AnalyticsReport): void {
  const { bookings, noShows, cancellations, utilisation, leadTime } = report;
  doc.fontSize(14).text('Totals').moveDown(0.3).fontSize(10);
  doc.text(`Meetings: ${bookings.total}`);
  doc.text(Object.entries(bookings.totals).map(([status, n]) => `${status.replace('_', '-')}: ${n}`).join('   '));
  doc.text(`No-shows: ${noShows.noShows} of ${noShows.meetings} held (${pct(noShows.rate)})`);
  doc.text(`Cancellations: ${cancellations.total} (by hosts ${cancellations.byWho.host ?? 0}, by attendees ${cancellations.byWho.attendee ?? 0}, by admins ${cancellations.byWho.admin ?? 0})`);
  doc.text(`Utilisation: ${pct(utilisation.rate)} (${Math.round(utilisation.bookedMinutes)} of ${Math.round(utilisation.offeredMinutes)} offered minutes booked)`);
  doc.text(`Lead time from booking to meeting: median ${leadTime.hours.median ?? 'n/a'} h, 90th percentile ${leadTime.hours.p90 ?? 'n/a'} h`);
  doc.moveDown();
}

function barChart(doc: Doc, title: string, points: Array<{ label: string; value: number }>): void {
  doc.fontSize(14).text(title).moveDown(0.3);
  const x0 = doc.page.margins.left + 30;
  const y0 = doc.y;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right - 40;
  const height = 120;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = width / Math.max(1, points.length);
  doc.save().lineWidth(0.5).moveTo(x0, y0).lineTo(x0, y0 + height).lineTo(x0 + width, y0 + height).stroke().restore();
  doc.fontSize(7).text(String(max), doc.page.margins.left, y0, { width: 26, align: 'right' });
  points.forEach((p, i) => {
    const h = (p.value / max) * height;
    if (h > 0) doc.save().rect(x0 + i * step + step * 0.15, y0 + height - h, step * 0.7, h).fill('#2f6fb0').restore();
  });
  const every = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    if (i % every === 0) doc.fillColor('#000000').fontSize(7).text(p.label, x0 + i * step, y0 + height + 4, { width: step * every, lineBreak: false });
  });
  doc.x = doc.page.margins.left;
  doc.y = y0 + height + 20;
  doc.moveDown();
}

function heatmapGrid(doc: Doc, report: AnalyticsReport): void {
  const { matrix, weekdays, busiest } = report.busiestHours;
  doc.fontSize(14).fillColor('#000000').text('Busiest hours').moveDown(0.3);
  doc.fontSize(9).text(busiest ? `Busiest: ${weekdays[busiest.weekday]} ${String(busiest.hour).padStart(2, '0')}:00 (${busiest.count} meetings)` : 'No meetings in this range.');
  const x0 = doc.page.margins.left + 30;
  const y0 = doc.y + 4;
  const cell = (doc.page.width - doc.page.margins.left - doc.page.margins.right - 40) / 24;
  const max = Math.max(1, ...matrix.flat());
  matrix.forEach((row, d) => {
    doc.fontSize(7).fillColor('#000000').text(weekdays[d]!, doc.page.margins.left, y0 + d * 12 + 2, { width: 26, lineBreak: false });
    row.forEach((v, h) => {
      const shade = Math.round(240 - (v / max) * 190).toString(16).padStart(2, '0');
      doc.save().rect(x0 + h * cell, y0 + d * 12, cell - 1, 11).fill(`#${shade}${shade}ff`).restore();
    });
  });
  for (let h = 0; h < 24; h += 3) doc.fontSize(6).fillColor('#000000').text(String(h).padStart(2, '0'), x0 + h * cell, y0 + 7 * 12 + 2, { lineBreak: false });
  doc.x = doc.page.margins.left;
  doc.y = y0 + 8 * 12 + 12;
  doc.moveDown();
}

/** The report as a PDF stream (ends by itself). */
export function meetingsPdf(report: AnalyticsReport, generatedAt: Date): Doc {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Meetings report ${report.bookings.from} to ${report.bookings.to}`, Author: 'Yava', CreationDate: generatedAt } });
  doc.fontSize(20).text('Meetings report').moveDown(0.2);
  doc.fontSize(10).text(`Scope: ${report.bookings.scope}   Days: ${report.bookings.from} to ${report.bookings.to}   Time zone: ${report.bookings.timezone}`).moveDown();
  totals(doc, report);
  barChart(doc, `Meetings per ${report.bookings.groupBy}`, report.bookings.series.map((p) => ({ label: p.period, value: p.total })));
  heatmapGrid(doc, report);
  doc.fontSize(14).fillColor('#000000').text('No-shows per host').moveDown(0.3).fontSize(10);
  if (!report.noShows.byHost.length) doc.text('No meetings were held in this range.');
  for (const h of report.noShows.byHost) doc.text(`${h.username}: ${h.noShows} of ${h.meetings} held (${pct(h.rate)})`);
  doc.end();
  return doc;
}
