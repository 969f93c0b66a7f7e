/**
 * A small static SVG chart: one x slot per label, any number of bar series (grouped side
 * by side in the slot) and line series (through the slot centres; a null value breaks
 * the line), each on the left axis or an optional right axis, with gridlines, axis
 * labels, a title, a subtitle and a legend.
 *
 * Deterministic text: fixed size, fixed decimals, no ids, no time, so the same spec
 * gives the same bytes (reports that are compared byte for byte rely on it). Values are
 * analytics (floating point). O(series x labels).
 */

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly kind: 'bar' | 'line';
  readonly values: readonly (number | null)[];
  readonly axis?: 'left' | 'right';
  readonly dashed?: boolean;
}

export interface ChartSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly leftUnit: string;
  readonly rightUnit?: string;
}

const width = 960;
const height = 440;
const margin = { left: 80, right: 80, top: 76, bottom: 76 };
const plotW = width - margin.left - margin.right;
const plotH = height - margin.top - margin.bottom;
const fmt = (x: number): string => x.toFixed(1);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Axis {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly decimals: number;
}

function niceStep(range: number): number {
  const raw = Math.max(range, 1e-9) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** An axis covering `values` (and 0 when bars stand on it), in whole steps. */
function axisOf(values: readonly number[], withZero: boolean): Axis {
  const all = withZero ? [0, ...values] : values;
  let low = all.length === 0 ? 0 : Math.min(...all);
  let high = all.length === 0 ? 1 : Math.max(...all);
  if (high === low) {
    high += Math.max(1, Math.abs(high) * 0.05);
    low -= withZero && low === 0 ? 0 : Math.max(1, Math.abs(low) * 0.05);
  }
  const step = niceStep(high - low);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
  return { min, max: max === min ? min + step : max, step, decimals };
}

function known(series: readonly ChartSeries[]): number[] {
  return series.flatMap((s) => s.values.flatMap((v) => (v === null || !Number.isFinite(v) ? [] : [v])));
}

export function renderChartSvg(spec: ChartSpec): string {
  const left = spec.series.filter((s) => (s.axis ?? 'left') === 'left');
  const right = spec.series.filter((s) => s.axis === 'right');
  const leftAxis = axisOf(
    known(left),
    left.some((s) => s.kind === 'bar'),
  );
  const rightAxis =
    right.length === 0
      ? null
      : axisOf(
          known(right),
          right.some((s) => s.kind === 'bar'),
        );
  const slot = plotW / Math.max(1, spec.labels.length);
  const x = (i: number): number => margin.left + slot * (i + 0.5);
  const yOf = (axis: Axis) => (v: number) => margin.top + plotH - ((v - axis.min) / (axis.max - axis.min)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escapeXml(spec.title.slice(0, 110))}</text>`,
    `<text x="${margin.left}" y="40" fill="#555">${escapeXml(spec.subtitle.slice(0, 140))}</text>`,
  ];
  const yl = yOf(leftAxis);
  for (let v = leftAxis.min; v <= leftAxis.max + leftAxis.step / 2; v += leftAxis.step) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${fmt(yl(v))}" y2="${fmt(yl(v))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${fmt(yl(v) + 4)}" text-anchor="end" fill="#555">${v.toFixed(leftAxis.decimals)}</text>`);
  }
  parts.push(`<text x="12" y="${margin.top - 10}" fill="#555">${escapeXml(spec.leftUnit)}</text>`);
  if (rightAxis !== null) {
    const yr = yOf(rightAxis);
    for (let v = rightAxis.min; v <= rightAxis.max + rightAxis.step / 2; v += rightAxis.step) {
      const label = v.toFixed(rightAxis.decimals);
      parts.push(`<text x="${width - margin.right + 6}" y="${fmt(yr(v) + 4)}" fill="#555">${label}</text>`);
    }
    parts.push(`<text x="${width - 12}" y="${margin.top - 10}" text-anchor="end" fill="#555">${escapeXml(spec.rightUnit ?? '')}</text>`);
  }
  if (leftAxis.min < 0 && leftAxis.max > 0) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${fmt(yl(0))}" y2="${fmt(yl(0))}" stroke="#999"/>`);
  }
  bars(spec, leftAxis, rightAxis, slot, x, parts);
  for (const s of spec.series.filter((series) => series.kind === 'line')) {
    parts.push(...line(s, yOf(s.axis === 'right' && rightAxis !== null ? rightAxis : leftAxis), x));
  }
  const every = Math.max(1, Math.ceil(spec.labels.length / 10));
  spec.labels.forEach((label, i) => {
    if (i % every !== 0) return;
    parts.push(`<text x="${fmt(x(i))}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="#333">${escapeXml(label)}</text>`);
  });
  parts.push(...legend(spec.series), '</svg>');
  return `${parts.join('\n')}\n`;
}

function bars(spec: ChartSpec, leftAxis: Axis, rightAxis: Axis | null, slot: number, x: (i: number) => number, parts: string[]): void {
  const barSeries = spec.series.filter((s) => s.kind === 'bar');
  if (barSeries.length === 0) return;
  const barW = Math.max(1, (slot * 0.7) / barSeries.length);
  barSeries.forEach((s, k) => {
    const axis = s.axis === 'right' && rightAxis !== null ? rightAxis : leftAxis;
    const y = (v: number): number => margin.top + plotH - ((v - axis.min) / (axis.max - axis.min)) * plotH;
    const base = y(Math.min(Math.max(0, axis.min), axis.max));
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const top = Math.min(y(v), base);
      const h = Math.max(0.5, Math.abs(y(v) - base));
      const left = x(i) - (barW * barSeries.length) / 2 + k * barW;
      parts.push(`<rect x="${fmt(left)}" y="${fmt(top)}" width="${fmt(barW)}" height="${fmt(h)}" fill="${s.color}"/>`);
    });
  });
}

function line(s: ChartSeries, y: (v: number) => number, x: (i: number) => number): string[] {
  const out: string[] = [];
  let d = '';
  s.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      d += ' ';
      return;
    }
    d += `${d === '' || d.endsWith(' ') ? 'M' : 'L'}${fmt(x(i))},${fmt(y(v))}`;
    out.push(`<circle cx="${fmt(x(i))}" cy="${fmt(y(v))}" r="2.5" fill="${s.color}"/>`);
  });
  const dash = s.dashed === true ? ' stroke-dasharray="5,3"' : '';
  const path = d.trim().replace(/\s+/g, ' ');
  return path === '' ? out : [`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`, ...out];
}

function legend(series: readonly ChartSeries[]): string[] {
  const out: string[] = [];
  let at = margin.left;
  const y = height - 22;
  for (const s of series) {
    if (s.kind === 'bar') out.push(`<rect x="${at}" y="${y - 9}" width="12" height="10" fill="${s.color}"/>`);
    else {
      const dash = s.dashed === true ? ' stroke-dasharray="5,3"' : '';
      out.push(`<line x1="${at}" x2="${at + 16}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    }
    const label = `${s.name}${s.axis === 'right' ? ' (right axis)' : ''}`;
    out.push(`<text x="${at + 20}" y="${y}">${escapeXml(label)}</text>`);
    at += 36 + Math.ceil(label.length * 7.4);
  }
  return out;
}
