import { resolveCheckOptions } from '@sessionchaos/core';
import { escapeHtml as h } from './escape.ts';
import { faultAction, faultSpan } from './format.ts';
import type { ReportInput } from './run-meta.ts';

/** One line of the chart. */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /** Lines for rates; bars and dots for findings, so they stay visible where lines overlap. */
  style: 'line' | 'bars' | 'dots';
  /** Per second (mean over a bin when the run is long). */
  values: number[];
  /** Per point, what it stands for (dots only: which finding kinds). */
  titles?: string[];
}

// Long runs are drawn in bins so the file stays small: at most this many points per line.
const MAX_POINTS = 300;
const W = 960;
const ML = 52;
const MR = 16;
const PW = W - ML - MR;
const TOP = { y: 34, h: 120, title: 'requests / s' };
const BOTTOM = { y: 186, h: 120, title: 'problems / s' };
const H = BOTTOM.y + BOTTOM.h + 26;

/** Colours of the series, shared with the legend. */
export const COLORS = {
  requests: '#2563eb',
  unauthorized: '#d97706',
  '5xx': '#dc2626',
  'no-answer': '#6b7280',
  'lost-session': '#7c3aed',
  'other-findings': '#0d9488',
};

const num = (v: number): string => String(Math.round(v * 10) / 10);

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= max) return m * pow;
  return 10 * pow;
}

function tickStep(seconds: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600])
    if (seconds / step <= 10) return step;
  return 7200;
}

/** Seconds the chart spans, and the bin size (seconds per point). */
function extent(input: ReportInput): { seconds: number; bin: number } {
  const a = input.analysis;
  const last = a.series.length > 0 ? a.series[a.series.length - 1]!.second + 1 : 0;
  let seconds = Math.max(1, last, Math.ceil(input.durationMs / 1000));
  for (const w of a.check.faults)
    seconds = Math.max(seconds, Math.ceil((w.endedAtMs ?? w.startedAtMs) / 1000));
  return { seconds, bin: Math.max(1, Math.ceil(seconds / MAX_POINTS)) };
}

/** The lines of both panels: requests on top; 401/403s, 5xx, no answers and findings below. */
export function chartSeries(input: ReportInput): { top: ChartSeries[]; bottom: ChartSeries[]; bin: number } {
  const { seconds, bin } = extent(input);
  const n = Math.ceil(seconds / bin);
  const line = (
    key: keyof typeof COLORS,
    label: string,
    style: ChartSeries['style'] = 'line',
  ): ChartSeries => ({
    key,
    label,
    color: COLORS[key],
    style,
    values: new Array<number>(n).fill(0),
  });
  const requests = line('requests', 'requests');
  const unauthorized = line('unauthorized', '401/403');
  const server = line('5xx', '5xx');
  const noAnswer = line('no-answer', 'no answer');
  const lost = line('lost-session', 'lost sessions', 'bars');
  const other = line('other-findings', 'other findings', 'dots');
  other.titles = new Array<string>(n).fill('');
  const add = (s: ChartSeries, second: number, count: number): void => {
    const i = Math.floor(second / bin);
    if (i >= 0 && i < n) s.values[i]! += count / bin;
  };
  for (const b of input.analysis.series) {
    add(requests, b.second, b.requests);
    add(unauthorized, b.second, b.unauthorized);
    add(server, b.second, b['5xx']);
    add(noAnswer, b.second, b.error);
  }
  for (const t of input.analysis.check.timeline)
    add(t.kind === 'lost-session' ? lost : other, t.second, t.count);
  const any = (s: ChartSeries): boolean => s.values.some((v) => v > 0);
  // The named series always show (a flat zero line says "none"); the extra ones only when they happened.
  const bottom = [lost, unauthorized, server, ...[noAnswer, other].filter(any)];
  return { top: [requests], bottom, bin };
}

function panel(p: typeof TOP, series: ChartSeries[], bin: number, seconds: number): string {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const y = (v: number): number => p.y + p.h - (v / max) * p.h;
  const x = (i: number): number => ML + (Math.min(seconds, (i + 0.5) * bin) / seconds) * PW;
  const out = [`<text class="ptitle" x="${ML}" y="${p.y - 6}">${p.title}</text>`];
  for (const v of [0, max / 2, max]) {
    out.push(
      `<line class="grid" x1="${ML}" x2="${ML + PW}" y1="${num(y(v))}" y2="${num(y(v))}"/>`,
      `<text class="ytick" x="${ML - 6}" y="${num(y(v) + 4)}">${num(v)}</text>`,
    );
  }
  const width = Math.max(1, (PW * bin) / seconds - 2);
  for (const s of series) {
    if (s.style === 'line') {
      const points = s.values.map((v, i) => `${num(x(i))},${num(y(v))}`).join(' ');
      out.push(`<polyline class="line" data-series="${s.key}" stroke="${s.color}" points="${points}"/>`);
      continue;
    }
    const marks = s.values.flatMap((v, i) => {
      if (v <= 0) return [];
      const title = s.titles?.[i] ? `<title>${h(`${i * bin} s: ${s.titles[i]}`)}</title>` : '';
      if (s.style === 'dots')
        return [`<circle cx="${num(x(i))}" cy="${num(y(v))}" r="3.5">${title}</circle>`];
      return [
        `<rect x="${num(x(i) - width / 2)}" y="${num(y(v))}" width="${num(width)}" height="${num(p.y + p.h - y(v))}"/>`,
      ];
    });
    out.push(`<g class="${s.style}" data-series="${s.key}" fill="${s.color}">${marks.join('')}</g>`);
  }
  return out.join('\n');
}

/**
 * The run's timeline as inline SVG: requests per second on top; 401/403s, 5xx and lost sessions
 * (plus other findings and unanswered requests when there were any) below; every fault window
 * shaded across both panels and labelled, its after-fault tail lighter.
 */
export function timelineSvg(input: ReportInput): string {
  const { seconds } = extent(input);
  const { top, bottom, bin } = chartSeries(input);
  const x = (ms: number): number => ML + (Math.min(seconds, Math.max(0, ms / 1000)) / seconds) * PW;
  const afterMs = resolveCheckOptions(input.checkOptions).afterFaultMs;
  const out: string[] = [];
  input.analysis.check.faults.forEach((w, i) => {
    const x1 = x(w.startedAtMs);
    const x2 = Math.max(x1 + 1, w.endedAtMs === null ? ML + PW : x(w.endedAtMs));
    const height = BOTTOM.y + BOTTOM.h - TOP.y;
    const title = `<title>${h(`${w.id}: ${faultAction(w)}, ${faultSpan(w)}`)}</title>`;
    if (w.endedAtMs !== null && afterMs > 0) {
      const tail = x(w.endedAtMs + afterMs) - x2;
      if (tail > 0)
        out.push(`<rect class="tail" x="${num(x2)}" y="${TOP.y}" width="${num(tail)}" height="${height}"/>`);
    }
    out.push(
      `<rect class="fault" data-fault="${h(w.id)}" x="${num(x1)}" y="${TOP.y}" width="${num(x2 - x1)}" height="${height}">${title}</rect>`,
    );
    const label = `${w.id}: ${faultAction(w)}`;
    const short = label.length > 48 ? `${label.slice(0, 47)}…` : label;
    const right = x1 > ML + PW * 0.7;
    out.push(
      `<text class="flabel" x="${num(right ? x2 : x1 + 2)}" y="${10 + (i % 2) * 11}"${right ? ' text-anchor="end"' : ''}>${h(short)}</text>`,
    );
  });
  out.push(panel(TOP, top, bin, seconds), panel(BOTTOM, bottom, bin, seconds));
  const step = tickStep(seconds);
  for (let s = 0; s <= seconds; s += step) {
    const label = step >= 60 ? `${s / 60} m` : `${s} s`;
    out.push(`<text class="xtick" x="${num(x(s * 1000))}" y="${H - 8}">${label}</text>`);
  }
  const desc = bin > 1 ? `, mean per second over ${bin} s bins` : '';
  return (
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="timeline of the run per second${desc}">\n` +
    `${out.join('\n')}\n</svg>`
  );
}
