/**
 * A static SVG chart of a margin backtest: the one-day loss of one contract (grey bars),
 * the initial margin set the evening before (blue line) and the breaches (red dots).
 * Deterministic text (fixed size, fixed decimals), so the same backtest gives the same
 * bytes. Money is plotted in major units (minor / 10^minorDigits), analytics only. O(days).
 */
import type { BacktestReport } from '../core/clearing/index.ts';

const width = 960;
const height = 440;
const margin = { left: 80, right: 20, top: 56, bottom: 50 };
const plotW = width - margin.left - margin.right;
const plotH = height - margin.top - margin.bottom;
const fmt = (x: number): string => x.toFixed(1);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderBacktestSvg(report: BacktestReport, title: string, minorDigits: number, currency: string): string {
  const scale = 10 ** minorDigits;
  const days = report.days;
  const high = Math.max(1, ...days.map((d) => Number(d.initialMarginMinor) / scale), ...days.map((d) => Number(d.lossMinor) / scale));
  const step = niceStep(high / 5);
  const yMax = Math.ceil(high / step) * step;
  const x = (i: number): number => margin.left + (days.length <= 1 ? 0 : (i / (days.length - 1)) * plotW);
  const y = (v: number): number => margin.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title.slice(0, 110))}</text>`,
    `<text x="${margin.left}" y="40" fill="#555">${escapeXml(
      `${report.from} to ${report.to}: ${report.daysTested} days, ${report.breachCount} breaches, coverage ` +
        `${report.coveragePct.toFixed(2)}% (target ${report.targetPct}%); ${currency} per contract`,
    )}</text>`,
  ];
  for (let v = 0; v <= yMax + step / 2; v += step) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end" fill="#555">${v.toFixed(0)}</text>`);
  }
  const barW = Math.max(1, plotW / Math.max(1, days.length));
  days.forEach((d, i) => {
    const top = y(Number(d.lossMinor) / scale);
    parts.push(
      `<rect x="${fmt(x(i) - barW / 2)}" y="${fmt(top)}" width="${fmt(barW)}" height="${fmt(margin.top + plotH - top)}" fill="#b0b0b0"/>`,
    );
  });
  const path = days.map((d, i) => `${i === 0 ? 'M' : 'L'}${fmt(x(i))},${fmt(y(Number(d.initialMarginMinor) / scale))}`).join(' ');
  if (path.length > 0) parts.push(`<path d="${path}" fill="none" stroke="#1f5fbf" stroke-width="1.5"/>`);
  days.forEach((d, i) => {
    if (d.breach) parts.push(`<circle cx="${fmt(x(i))}" cy="${fmt(y(Number(d.lossMinor) / scale))}" r="4" fill="#d62728"/>`);
  });
  const labels = [0, Math.floor((days.length - 1) / 2), days.length - 1].filter((i, k, all) => i >= 0 && all.indexOf(i) === k);
  for (const i of labels) {
    const d = days[i];
    if (d !== undefined)
      parts.push(`<text x="${fmt(x(i))}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="#555">${d.date}</text>`);
  }
  const legendY = height - 12;
  parts.push(
    `<rect x="${margin.left}" y="${legendY - 9}" width="12" height="10" fill="#b0b0b0"/>`,
    `<text x="${margin.left + 16}" y="${legendY}">one-day loss</text>`,
    `<line x1="${margin.left + 120}" x2="${margin.left + 140}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="#1f5fbf" stroke-width="2"/>`,
    `<text x="${margin.left + 144}" y="${legendY}">initial margin (set the evening before)</text>`,
    `<circle cx="${margin.left + 400}" cy="${legendY - 4}" r="4" fill="#d62728"/>`,
    `<text x="${margin.left + 408}" y="${legendY}">breach</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}
