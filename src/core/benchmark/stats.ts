/**
 * Statistics of a published series, the inputs margin calibration needs: daily log
 * returns of the published value (between consecutive days that both have a computed
 * value; fallback days are skipped), their volatility, tail quantiles, largest moves,
 * maximum drawdown, worst multi-day moves, and contributor counts and confidence days.
 * Floating point, analytics only. O(n log n).
 */
import { daysBetween } from './civil-date.ts';
import type { Confidence, Fixing } from './types.ts';

export interface SeriesStats {
  readonly benchmarkId: string;
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly daysByConfidence: Readonly<Record<Confidence, number>>;
  readonly first: { readonly date: string; readonly value: string } | null;
  readonly last: { readonly date: string; readonly value: string } | null;
  readonly returns: number;
  readonly dailyVolatilityPct: number;
  readonly annualisedVolatilityPct: number;
  readonly absDailyMoveP95Pct: number;
  readonly absDailyMoveP99Pct: number;
  readonly largestMoves: readonly { readonly date: string; readonly movePct: number }[];
  readonly worstFiveDayMovePct: number;
  readonly maxDrawdownPct: number;
  readonly drawdownPeak: string | null;
  readonly drawdownTrough: string | null;
  readonly contributors: { readonly min: number; readonly median: number; readonly max: number };
  readonly constituentChanges: number;
}

const computed = (f: Fixing): boolean => f.value !== null && (f.confidence === 'normal' || f.confidence === 'low');

export function seriesStats(fixings: readonly Fixing[]): SeriesStats {
  const daysByConfidence: Record<Confidence, number> = { normal: 0, low: 0, fallback: 0, none: 0 };
  for (const f of fixings) daysByConfidence[f.confidence]++;
  const valued = fixings.filter(computed);
  const returns: { date: string; r: number }[] = [];
  for (let i = 1; i < valued.length; i++) {
    const a = valued[i - 1];
    const b = valued[i];
    if (a === undefined || b === undefined || daysBetween(a.date, b.date) !== 1) continue;
    returns.push({ date: b.date, r: Math.log(Number(b.value) / Number(a.value)) });
  }
  const mean = returns.reduce((s, x) => s + x.r, 0) / Math.max(1, returns.length);
  const variance = returns.reduce((s, x) => s + (x.r - mean) ** 2, 0) / Math.max(1, returns.length - 1);
  const daily = Math.sqrt(variance);
  const abs = returns.map((x) => Math.abs(x.r)).sort((a, b) => a - b);
  const quantile = (q: number): number => abs[Math.min(abs.length - 1, Math.floor(q * abs.length))] ?? 0;
  const largest = [...returns].sort((a, b) => Math.abs(b.r) - Math.abs(a.r) || (a.date < b.date ? -1 : 1)).slice(0, 5);
  let peak = -Infinity;
  let peakDate: string | null = null;
  let maxDrawdown = 0;
  let ddPeak: string | null = null;
  let ddTrough: string | null = null;
  for (const f of valued) {
    const v = Number(f.value);
    if (v > peak) {
      peak = v;
      peakDate = f.date;
    }
    const dd = 1 - v / peak;
    if (dd > maxDrawdown) {
      maxDrawdown = dd;
      ddPeak = peakDate;
      ddTrough = f.date;
    }
  }
  let worstFive = 0;
  const byDate = new Map(valued.map((f) => [f.date, Number(f.value)]));
  for (const f of valued) {
    const later = valued.find((g) => daysBetween(f.date, g.date) === 5);
    if (later === undefined) continue;
    const move = Math.abs(Math.log((byDate.get(later.date) ?? 1) / Number(f.value)));
    if (move > worstFive) worstFive = move;
  }
  const counts = valued.map((f) => f.contributorCount).sort((a, b) => a - b);
  const pct = (x: number): number => Math.round(x * 1e6) / 1e4;
  const firstValued = valued[0];
  const lastValued = valued[valued.length - 1];
  return {
    benchmarkId: fixings[0]?.benchmarkId ?? '',
    from: fixings[0]?.date ?? '',
    to: fixings[fixings.length - 1]?.date ?? '',
    days: fixings.length,
    daysByConfidence,
    first: firstValued === undefined ? null : { date: firstValued.date, value: firstValued.value ?? '' },
    last: lastValued === undefined ? null : { date: lastValued.date, value: lastValued.value ?? '' },
    returns: returns.length,
    dailyVolatilityPct: pct(daily),
    annualisedVolatilityPct: pct(daily * Math.sqrt(365)),
    absDailyMoveP95Pct: pct(quantile(0.95)),
    absDailyMoveP99Pct: pct(quantile(0.99)),
    largestMoves: largest.map((x) => ({ date: x.date, movePct: pct(Math.exp(x.r) - 1) })),
    worstFiveDayMovePct: pct(Math.exp(worstFive) - 1),
    maxDrawdownPct: pct(maxDrawdown),
    drawdownPeak: ddPeak,
    drawdownTrough: ddTrough,
    contributors: { min: counts[0] ?? 0, median: counts[Math.floor(counts.length / 2)] ?? 0, max: counts[counts.length - 1] ?? 0 },
    constituentChanges: fixings.filter((f) => f.constituentChange).length,
  };
}
