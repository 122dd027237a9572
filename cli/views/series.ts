import { formatRange, renderTable } from '../format.js';
import type { SeriesBooking } from '../series.js';
import type { Painter } from '../terminal.js';
import { shortId } from './meetings.js';

/** "weekly", "every 2 weeks", "monthly". */
function ruleWords(s: SeriesBooking['series']): string {
  const unit = s.frequency === 'weekly' ? 'week' : 'month';
  return s.interval === 1 ? s.frequency : `every ${s.interval} ${unit}s`;
}

/**
 * A booked series for people: a heading, one row per meeting (booked or not) in `zone`, then
 * what was not booked and why.
 */
export function seriesDetails(booking: SeriesBooking, zone: string, paint: Painter): string {
  const { series, meetings, conflicts } = booking;
  const length = series.count !== null ? `${series.count} meetings` : `until ${series.until}`;
  const rows = [
    ...meetings.map((m) => ({ index: m.index, cells: [String(m.index), shortId(m.id), formatRange(m.start, m.end, zone), paint(m.status === 'pending' ? 'yellow' : 'green', m.status)] })),
    ...conflicts.map((c) => ({ index: c.index, cells: [String(c.index), '-', formatRange(c.start, c.end, zone), paint('red', `not booked: ${c.reason}`)] })),
  ].sort((a, b) => a.index - b.index);
  const lines = [
    `Series ${shortId(series.id)}: ${ruleWords(series)}, ${length} (${series.timezone}); ${meetings.length} booked${conflicts.length ? `, ${conflicts.length} not` : ''}`,
    renderTable(['#', 'ID', 'WHEN', 'STATUS'], rows.map((r) => r.cells), paint),
  ];
  for (const c of conflicts) lines.push(`Not booked: ${c.label}, ${c.local} (${c.reason})`);
  return lines.join('\n');
}
