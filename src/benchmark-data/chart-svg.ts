/**
 * A static SVG chart of one benchmark series, for people: the published value (line),
 * the unchained spot (thin dashed line), constituent changes (ticks on the time axis),
 * low-confidence days (orange dots), fallback days (grey dots) and days without a value
 * (grey band). Deterministic text: fixed size, numbers printed with fixed decimals.
 * O(days).
 */
import { dayOfDate, type Fixing, type Methodology } from '../core/benchmark/index.ts';

const width = 960;
const height = 440;
const margin = { left: 70, right: 20, top: 56, bottom: 70 };
const plotW = width - margin.left - margin.right;
const plotH = height - margin.top - margin.bottom;

const fmt = (x: number): string => x.toFixed(1);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export function renderChartSvg(methodology: Methodology, fixings: readonly Fixing[]): string {
  const first = fixings[0];
  const last = fixings[fixings.length - 1];
  if (first === undefined || last === undefined) throw new Error('no fixings to chart');
  const day0 = dayOfDate(first.date);
  const dayCount = Math.max(1, dayOfDate(last.date) - day0);
  const values = fixings
    .flatMap((f) => [f.value, f.spotUsd])
    .filter((v): v is string => v !== null)
    .map(Number);
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 1;
  const step = niceStep(Math.max(high - low, high * 0.05, 1e-6), 6);
  const yMin = Math.max(0, Math.floor(low / step) * step);
  const yMax = Math.ceil(high / step) * step + (Math.ceil(high / step) * step === yMin ? step : 0);
  const x = (date: string): number => margin.left + ((dayOfDate(date) - day0) / dayCount) * plotW;
  const y = (v: number): number => margin.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" ` +
      `font-weight="bold">${escapeXml(`${methodology.id}: ${methodology.title}`.slice(0, 110))}</text>`,
    `<text x="${margin.left}" y="40" fill="#555">${escapeXml(methodology.unit)}, methodology ${escapeXml(methodology.version)}, ` +
      `${first.date} to ${last.date}</text>`,
  );
  // No-value bands.
  for (const f of fixings) {
    if (f.value !== null) continue;
    const x0 = x(f.date);
    parts.push(`<rect x="${fmt(x0)}" y="${margin.top}" width="${fmt(Math.max(1, plotW / dayCount))}" height="${plotH}" fill="#eeeeee"/>`);
  }
  // Grid and y axis.
  for (let v = yMin; v <= yMax + step / 2; v += step) {
    const yy = fmt(y(v));
    const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${yy}" y2="${yy}" stroke="#dddddd"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${v.toFixed(decimals)}</text>`);
  }
  // x axis: a tick per quarter (month for short series).
  const monthsStep = dayCount > 400 ? 3 : 1;
  let year = Number(first.date.slice(0, 4));
  let month = Number(first.date.slice(5, 7));
  for (;;) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    const tick = `${year}-${String(month).padStart(2, '0')}-01`;
    if (tick > last.date) break;
    if ((month - 1) % monthsStep !== 0) continue;
    const xx = fmt(x(tick));
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="#333"/>`);
    parts.push(`<text x="${xx}" y="${margin.top + plotH + 18}" text-anchor="middle">${tick.slice(0, 7)}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  // Lines: one path segment per run of consecutive days with a value.
  const path = (pick: (f: Fixing) => string | null): string => {
    let d = '';
    let open = false;
    for (const f of fixings) {
      const v = pick(f);
      if (v === null) {
        open = false;
        continue;
      }
      d += `${open ? 'L' : 'M'}${fmt(x(f.date))},${fmt(y(Number(v)))}`;
      open = true;
    }
    return d;
  };
  parts.push(`<path d="${path((f) => f.spotUsd)}" fill="none" stroke="#999999" stroke-width="1" stroke-dasharray="4 3"/>`);
  parts.push(`<path d="${path((f) => f.value)}" fill="none" stroke="#1f5fbf" stroke-width="2"/>`);
  // Markers.
  for (const f of fixings) {
    if (f.constituentChange) {
      const xx = fmt(x(f.date));
      parts.push(
        `<line x1="${xx}" x2="${xx}" y1="${margin.top + plotH - 10}" y2="${margin.top + plotH}" stroke="#7a3db8" ` + `stroke-width="1.5"/>`,
      );
    }
    if (f.value !== null && (f.confidence === 'low' || f.confidence === 'fallback')) {
      const color = f.confidence === 'low' ? '#e07b00' : '#777777';
      parts.push(`<circle cx="${fmt(x(f.date))}" cy="${fmt(y(Number(f.value)))}" r="2.5" fill="${color}"/>`);
    }
  }
  // Legend.
  const ly = height - 22;
  const legend: [string, string][] = [
    [`<line x1="0" x2="22" y1="0" y2="0" stroke="#1f5fbf" stroke-width="2"/>`, 'published value (chained)'],
    [`<line x1="0" x2="22" y1="0" y2="0" stroke="#999999" stroke-dasharray="4 3"/>`, 'spot (weighted median, unchained)'],
    [`<line x1="11" x2="11" y1="-7" y2="5" stroke="#7a3db8" stroke-width="1.5"/>`, 'constituent change'],
    [`<circle cx="11" cy="0" r="3" fill="#e07b00"/>`, 'low confidence'],
    [`<circle cx="11" cy="0" r="3" fill="#777777"/>`, 'fallback'],
    [`<rect x="0" y="-6" width="22" height="12" fill="#eeeeee" stroke="#cccccc"/>`, 'no value'],
  ];
  let lx = margin.left;
  for (const [symbol, label] of legend) {
    parts.push(`<g transform="translate(${lx},${ly})">${symbol}<text x="28" y="4">${label}</text></g>`);
    lx += 34 + label.length * 6.4;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
