/**
 * Pictures in the terminal: sparklines for trends, bars for per-person figures, a heatmap
 * for weekday × hour grids. Colour only when the painter is enabled (a TTY without NO_COLOR);
 * otherwise block characters alone carry the picture.
 */
import { type Chart, formatSummary, type HeatmapChart, type SeriesChart } from '../core/analytics/charts.js';
import type { Painter } from './terminal.js';

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const SHADES = [' ', '░', '▒', '▓', '█'];
const COLOURS = [236, 22, 28, 34, 40];

/** One character per value, from ▁ (0 or the lowest) to █ (the highest). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max <= 0 ? SPARKS[0] : SPARKS[Math.min(SPARKS.length - 1, Math.round((v / max) * (SPARKS.length - 1)))])).join('');
}

/** Horizontal bars scaled to `width` characters, each with its label and value. */
export function bars(points: ReadonlyArray<{ label: string; value: number }>, paint: Painter, width = 40): string {
  if (!points.length) return '(nothing to show)';
  const max = Math.max(0, ...points.map((p) => p.value));
  const pad = Math.max(...points.map((p) => p.label.length));
  return points
    .map((p) => {
      const len = max > 0 ? Math.round((p.value / max) * width) : 0;
      const bar = '█'.repeat(len) || (p.value > 0 ? '▏' : '');
      return `${p.label.padEnd(pad)}  ${paint.enabled ? paint('cyan', bar) : bar} ${p.value}`;
    })
    .join('\n');
}

/** The shade level (0–4) of a cell worth `value` out of `capacity`. */
export const levelOf = (value: number, capacity: number): number => (value <= 0 || capacity <= 0 ? 0 : Math.min(4, 1 + Math.floor((value / capacity) * 4)));

/**
 * A grid of cells two characters wide: coloured backgrounds on a TTY, shade characters
 * otherwise. `hours` picks the columns shown; the legend says what each level means.
 */
export function heatmap(values: number[][], options: { rows: string[]; hours: number[]; capacity: number; paint: Painter; legend: string[] }): string {
  const { paint, capacity } = options;
  const cell = (v: number) => {
    const l = levelOf(v, capacity);
    return paint.enabled ? `\u001b[48;5;${COLOURS[l]}m  \u001b[49m` : SHADES[l]!.repeat(2);
  };
  const lines = ['     ' + options.hours.map((h) => String(h).padStart(2, '0')).join(' ')];
  for (const [d, name] of options.rows.entries()) lines.push(`${name.padEnd(3)}  ${options.hours.map((h) => cell(values[d]?.[h] ?? 0)).join(' ')}`);
  lines.push(`legend: ${SHADES.map((s, i) => `${paint.enabled ? cell(i === 0 ? 0 : (i * capacity) / 4 - 1e-9) : `[${s}]`} ${options.legend[i]}`).join('  ')}`);
  return lines.join('\n');
}

/**
 * Contiguous hours: 07–19, widened to take in the earliest and latest hour that has something
 * in it, so no column in between is ever left out (a gap would read as the next hour).
 * @example hoursToShow(grid with something at 05 and 21) // [5, 6, …, 21]
 */
export function hoursToShow(values: number[][]): number[] {
  const used = Array.from({ length: 24 }, (_, h) => h).filter((h) => values.some((d) => (d[h] ?? 0) > 0));
  const first = Math.min(7, ...used);
  const last = Math.max(19, ...used);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function drawSeries(chart: SeriesChart, paint: Painter): string {
  if (chart.kind === 'bars') return `${paint('bold', chart.title)}\n${bars(chart.points, paint)}`;
  const values = chart.points.map((p) => p.value);
  const first = chart.points[0]?.label ?? '';
  const last = chart.points[chart.points.length - 1]?.label ?? '';
  const line = sparkline(values);
  const unit = chart.summary?.unit ?? '';
  const summary = chart.summary ? `, ${formatSummary(chart.summary)}` : '';
  return `${paint('bold', chart.title)}\n${paint.enabled ? paint('cyan', line) : line}  ${first} … ${last}  (max ${Math.max(0, ...values)}${unit}${summary})`;
}

function drawHeatmap(chart: HeatmapChart, paint: Painter): string {
  const max = Math.max(0, ...chart.values.flat());
  if (max === 0) return `${paint('bold', chart.title)}\nNo meetings in this range.`;
  const grid = heatmap(chart.values, { rows: chart.rows, hours: hoursToShow(chart.values), capacity: max, paint, legend: ['none', '≤25%', '≤50%', '≤75%', `most (${max})`] });
  return `${paint('bold', chart.title)}\n${grid}`;
}

/** A chart drawn for the terminal. */
export function drawChart(chart: Chart, paint: Painter): string {
  return chart.kind === 'heatmap' ? drawHeatmap(chart, paint) : drawSeries(chart, paint);
}
