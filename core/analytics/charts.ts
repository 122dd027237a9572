/**
 * What a metric looks like as a picture, independent of how it is drawn (SVG in the API,
 * block characters in the CLI): a trend (line), per-person figures (bars) or a weekday ×
 * hour grid (heatmap), with a title, axis labels and a one-sentence description.
 */

/**
 * The one figure that stands for the whole range: a count's `total` (the sum of its points), or
 * a rate's `overall` value as the API computed it over the whole range (a sum or mean of
 * per-period rates would be wrong). `null` when no single figure makes sense (money in several
 * currencies).
 */
export interface ChartSummary {
  label: 'total' | 'overall';
  /** `null` when the rate is undefined (nothing offered). */
  value: number | null;
  unit: '' | '%';
}

export interface SeriesChart {
  kind: 'line' | 'bars';
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  points: Array<{ label: string; value: number }>;
  summary: ChartSummary | null;
}

export interface HeatmapChart {
  kind: 'heatmap';
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  rows: string[];
  columns: string[];
  values: number[][];
}

export type Chart = SeriesChart | HeatmapChart;

interface Header {
  metric: string;
  scope: string;
  from: string;
  to: string;
  timezone: string;
}

type Rec = Record<string, unknown>;
const list = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

const round2 = (v: number) => Math.round(v * 100) / 100;

/** The sum of a count's points. */
const totalOf = (points: SeriesChart['points']): ChartSummary => ({ label: 'total', value: round2(points.reduce((s, p) => s + p.value, 0)), unit: '' });

/** A rate (0–1, as the API answers it for the whole range) as a percentage with one decimal. */
const overallRate = (rate: unknown): ChartSummary => ({ label: 'overall', value: typeof rate === 'number' && Number.isFinite(rate) ? rate * 100 : null, unit: '%' });

/** "total 11", "overall 2.0%", "overall n/a": how the CLI and the SVG description say a summary. */
export function formatSummary(summary: ChartSummary): string {
  if (summary.value === null) return `${summary.label} n/a`;
  return `${summary.label} ${summary.unit === '%' ? summary.value.toFixed(1) : round2(summary.value)}${summary.unit}`;
}

function describeSeries(what: string, header: Header, points: SeriesChart['points'], summary: ChartSummary): string {
  const top = points.reduce<SeriesChart['points'][number] | null>((best, p) => (!best || p.value > best.value ? p : best), null);
  return `${what} for ${header.scope} from ${header.from} to ${header.to} (${header.timezone}): ${points.length} values, ${formatSummary(summary)}${top && top.value > 0 ? `, highest ${top.value}${summary.unit} at ${top.label}` : ''}.`;
}

/** The chart for a metric answer (as `GET /api/analytics/<metric>` returns it). */
export function chartOf(result: { metric: string } & Rec): Chart {
  const header = result as unknown as Header;
  const range = `${header.from} – ${header.to}`;
  // Counts by default; a rate passes the API's overall figure (never a sum of its points).
  const line = (what: string, yLabel: string, points: SeriesChart['points'], summary = totalOf(points)): Chart => ({ kind: 'line', title: `${what}, ${range}`, description: describeSeries(what, header, points, summary), xLabel: `Period starting (${header.timezone})`, yLabel, points, summary });
  const bars = (what: string, yLabel: string, points: SeriesChart['points']): Chart => ({ kind: 'bars', title: `${what}, ${range}`, description: describeSeries(what, header, points, totalOf(points)), xLabel: 'Host', yLabel, points, summary: totalOf(points) });
  switch (header.metric) {
    case 'bookings':
      return line('Meetings', 'Meetings', list(result.series).map((p) => ({ label: String(p.period), value: n(p.total) })));
    case 'cancellations':
      return line('Cancellations', 'Canceled meetings', list(result.series).map((p) => ({ label: String(p.period), value: n(p.count) })));
    case 'reschedules':
      return line('Reschedules', 'Reschedules', list(result.series).map((p) => ({ label: String(p.period), value: n(p.count) })));
    case 'utilisation':
      return line('Utilisation (booked / offered)', 'Percent of offered time booked', list(result.weekly).map((p) => ({ label: String(p.period), value: Math.round(n(p.rate) * 1000) / 10 })), overallRate(result.rate));
    case 'no-shows':
      return bars('No-shows per host', 'No-shows', list(result.byHost).map((h) => ({ label: String(h.username), value: n(h.noShows) })));
    case 'team-performance':
      return bars('Meetings per member', 'Meetings', list(result.members).map((m) => ({ label: String(m.username), value: n(m.meetings) })));
    case 'lead-time':
      return { ...bars('Lead time from booking to meeting', 'Meetings', list(result.buckets).map((b) => ({ label: String(b.label), value: n(b.count) }))), xLabel: 'Lead time' };
    case 'revenue':
      return revenueChart(result, header, range);
    case 'busiest-hours': {
      const values = (Array.isArray(result.matrix) ? (result.matrix as number[][]) : []).map((row) => row.map(n));
      const busiest = result.busiest as { weekday: number; hour: number; count: number } | null;
      const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
      return {
        kind: 'heatmap',
        title: `Busiest hours, ${range}`,
        description: `Meetings by weekday and starting hour for ${header.scope} in ${header.timezone}${busiest ? `; busiest: ${days[busiest.weekday]} ${String(busiest.hour).padStart(2, '0')}:00 with ${busiest.count}` : '; no meetings'}.`,
        xLabel: `Hour of day (${header.timezone})`,
        yLabel: 'Weekday',
        rows: days,
        columns: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
        values,
      };
    }
    default:
      return line(header.metric, 'Value', []);
  }
}

/** Net revenue as one bar per currency, each in its own currency's major unit (never summed). */
function revenueChart(result: Rec, header: Header, range: string): SeriesChart {
  const currencies = list(result.currencies);
  const points = currencies.map((c) => ({ label: String(c.currency), value: Number(c.net) }));
  const totals = currencies.map((c) => `${String(c.currency)} ${String(c.net)}`).join(', ');
  return {
    kind: 'bars',
    title: `Net revenue by currency, ${range}`,
    description: `Payments received less refunds for ${header.scope} from ${header.from} to ${header.to} (${header.timezone}): ${totals || 'none'}. Each bar is in its own currency.`,
    xLabel: 'Currency',
    yLabel: 'Net revenue (each bar in its own currency)',
    points,
    summary: null,
  };
}
