/**
 * An accessible SVG for a chart: `role="img"`, a `<title>` and `<desc>` it is labelled and
 * described by, axis labels as text, values as `<title>` tooltips; plain XML (no scripts, no
 * external references) so it embeds in web pages and emails.
 */
import type { Chart, HeatmapChart, SeriesChart } from '../../core/analytics/charts.js';

const W = 720;
const H = 360;
const M = { top: 48, right: 24, bottom: 72, left: 64 };

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const r = (v: number) => Math.round(v * 10) / 10;

function frame(chart: Chart, body: string[]): string {
  const e = escapeXml;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12">`,
    `<title id="chart-title">${e(chart.title)}</title>`,
    `<desc id="chart-desc">${e(chart.description)}</desc>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold" fill="#111111">${e(chart.title)}</text>`,
    `<text class="axis-label" x="${M.left + (W - M.left - M.right) / 2}" y="${H - 12}" text-anchor="middle" fill="#333333">${e(chart.xLabel)}</text>`,
    `<text class="axis-label" x="16" y="${M.top + (H - M.top - M.bottom) / 2}" text-anchor="middle" fill="#333333" transform="rotate(-90 16 ${M.top + (H - M.top - M.bottom) / 2})">${e(chart.yLabel)}</text>`,
    ...body,
    `</svg>`,
  ].join('\n');
}

function seriesBody(chart: SeriesChart): string[] {
  const e = escapeXml;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const max = Math.max(1, ...chart.points.map((p) => p.value));
  const y = (v: number) => M.top + ph - (v / max) * ph;
  const out = [`<line x1="${M.left}" y1="${M.top + ph}" x2="${M.left + pw}" y2="${M.top + ph}" stroke="#333333"/>`, `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}" stroke="#333333"/>`];
  for (const tick of [0, 0.5, 1]) out.push(`<text x="${M.left - 6}" y="${r(y(tick * max) + 4)}" text-anchor="end" fill="#333333">${r(tick * max)}</text>`);
  const count = Math.max(1, chart.points.length);
  const step = pw / count;
  const every = Math.max(1, Math.ceil(count / 12));
  chart.points.forEach((p, i) => {
    const cx = M.left + step * (i + 0.5);
    if (chart.kind === 'bars') out.push(`<rect x="${r(cx - step * 0.35)}" y="${r(y(p.value))}" width="${r(step * 0.7)}" height="${r(M.top + ph - y(p.value))}" fill="#2f6fb0"><title>${e(`${p.label}: ${p.value}`)}</title></rect>`);
    else out.push(`<circle cx="${r(cx)}" cy="${r(y(p.value))}" r="3" fill="#2f6fb0"><title>${e(`${p.label}: ${p.value}`)}</title></circle>`);
    if (i % every === 0) out.push(`<text x="${r(cx)}" y="${M.top + ph + 16}" text-anchor="middle" fill="#333333">${e(p.label)}</text>`);
  });
  if (chart.kind === 'line' && chart.points.length > 1) {
    const d = chart.points.map((p, i) => `${i ? 'L' : 'M'}${r(M.left + step * (i + 0.5))},${r(y(p.value))}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="#2f6fb0" stroke-width="2"/>`);
  }
  return out;
}

function heatmapBody(chart: HeatmapChart): string[] {
  const e = escapeXml;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const cw = pw / Math.max(1, chart.columns.length);
  const ch = ph / Math.max(1, chart.rows.length);
  const max = Math.max(1, ...chart.values.flat());
  const out: string[] = [];
  chart.rows.forEach((row, i) => {
    out.push(`<text x="${M.left - 6}" y="${r(M.top + ch * (i + 0.5) + 4)}" text-anchor="end" fill="#333333">${e(row)}</text>`);
    chart.columns.forEach((col, j) => {
      const v = chart.values[i]?.[j] ?? 0;
      const shade = Math.round(245 - (v / max) * 200);
      out.push(`<rect x="${r(M.left + cw * j)}" y="${r(M.top + ch * i)}" width="${r(cw - 1)}" height="${r(ch - 1)}" fill="rgb(${shade},${Math.min(255, shade + 10)},255)"><title>${e(`${row} ${col}:00: ${v}`)}</title></rect>`);
    });
  });
  chart.columns.forEach((col, j) => {
    if (j % 2 === 0) out.push(`<text x="${r(M.left + cw * (j + 0.5))}" y="${M.top + ph + 16}" text-anchor="middle" fill="#333333">${e(col)}</text>`);
  });
  return out;
}

/** The chart as a standalone SVG document. */
export function renderSvg(chart: Chart): string {
  return frame(chart, chart.kind === 'heatmap' ? heatmapBody(chart) : seriesBody(chart));
}
