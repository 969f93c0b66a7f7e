/**
 * A static SVG chart of a hedge backtest: per month, the unhedged change in the firm's
 * cost (grey bars) and the hedged result (blue bars) in USD, with the cumulative
 * unhedged (grey line) and hedged (blue line) results. Deterministic text (fixed size,
 * fixed decimals), so the same backtest gives the same bytes. Analytics only. O(months).
 */
import type { HedgeBacktest } from '../core/hedging/index.ts';

const width = 960;
const height = 440;
const margin = { left: 90, right: 20, top: 60, bottom: 60 };
const plotW = width - margin.left - margin.right;
const plotH = height - margin.top - margin.bottom;
const fmt = (x: number): string => x.toFixed(1);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceStep(range: number): number {
  const raw = range / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export function renderHedgeBacktestSvg(report: HedgeBacktest, title: string): string {
  const months = report.months;
  const unhedged = months.map((m) => m.itemChangeUsd);
  const hedged = months.map((m) => m.netUsd);
  const cumulative = (xs: readonly number[]): number[] => {
    let s = 0;
    return xs.map((x) => (s += x));
  };
  const cumU = cumulative(unhedged);
  const cumH = cumulative(hedged);
  const all = [0, ...unhedged, ...hedged, ...cumU, ...cumH];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const step = niceStep(Math.max(high - low, 1));
  const yMin = Math.floor(low / step) * step;
  const yMax = Math.ceil(high / step) * step + (Math.ceil(high / step) * step === yMin ? step : 0);
  const slot = plotW / Math.max(1, months.length);
  const x = (i: number): number => margin.left + slot * (i + 0.5);
  const y = (v: number): number => margin.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const reduction = report.varianceReductionPct === null ? 'n/a' : `${report.varianceReductionPct.toFixed(1)}%`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title.slice(0, 110))}</text>`,
    `<text x="${margin.left}" y="40" fill="#555">${escapeXml(
      `${report.benchmarkId}, ${months.length} months: variance reduction ${reduction}, ` +
        `regression ${report.regression.effective ? 'effective' : 'not effective'}, cumulative offset ` +
        `${report.cumulativeDollarOffset.ratio === null ? 'n/a' : report.cumulativeDollarOffset.ratio.toFixed(2)}; USD per month`,
    )}</text>`,
  ];
  const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  for (let v = yMin; v <= yMax + step / 2; v += step) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end" fill="#555">${v.toFixed(decimals)}</text>`);
  }
  parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${fmt(y(0))}" y2="${fmt(y(0))}" stroke="#999"/>`);
  const barW = Math.max(1, slot * 0.38);
  months.forEach((m, i) => {
    const bar = (v: number, dx: number, color: string): void => {
      const top = Math.min(y(v), y(0));
      const h = Math.max(0.5, Math.abs(y(v) - y(0)));
      parts.push(`<rect x="${fmt(x(i) + dx)}" y="${fmt(top)}" width="${fmt(barW)}" height="${fmt(h)}" fill="${color}"/>`);
    };
    bar(m.itemChangeUsd, -barW, '#bbbbbb');
    bar(m.netUsd, 0, '#3b6fd4');
    const every = Math.max(1, Math.ceil(months.length / 12));
    if (i % every === 0) {
      parts.push(`<text x="${fmt(x(i))}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="#333">${m.month}</text>`);
    }
  });
  const path = (values: readonly number[]): string => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${fmt(x(i))},${fmt(y(v))}`).join(' ');
  parts.push(`<path d="${path(cumU)}" fill="none" stroke="#777777" stroke-width="2" stroke-dasharray="5,3"/>`);
  parts.push(`<path d="${path(cumH)}" fill="none" stroke="#1f3f8f" stroke-width="2"/>`);
  const legendY = height - 18;
  parts.push(
    `<rect x="${margin.left}" y="${legendY - 9}" width="10" height="10" fill="#bbbbbb"/>`,
    `<text x="${margin.left + 14}" y="${legendY}">unhedged monthly change</text>`,
    `<rect x="${margin.left + 190}" y="${legendY - 9}" width="10" height="10" fill="#3b6fd4"/>`,
    `<text x="${margin.left + 204}" y="${legendY}">hedged</text>`,
    `<line x1="${margin.left + 270}" x2="${margin.left + 295}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="#777" ` +
      `stroke-width="2" stroke-dasharray="5,3"/>`,
    `<text x="${margin.left + 300}" y="${legendY}">cumulative unhedged</text>`,
    `<line x1="${margin.left + 440}" x2="${margin.left + 465}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="#1f3f8f" stroke-width="2"/>`,
    `<text x="${margin.left + 470}" y="${legendY}">cumulative hedged</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
