/**
 * Margin backtest over a benchmark's real history: on each day d whose value and the
 * previous day's are both computed, the initial margin of one contract set at the close
 * of d-1 (parameters calibrated from history up to d-1 only, at the price of d-1) is
 * compared with the one-day loss of a long or a short, |P(d) - P(d-1)| x tick value.
 * A breach is a day the loss exceeds the margin. Prices are the published values
 * converted exactly to ticks (nearest tick, ties to even), so margin and loss are bigint
 * minor units. Coverage = days within margin / days tested; target 99%. O(n x L log L).
 */
import { assert, parseDecimal, parseStep } from '../kernel/index.ts';
import { daysBetween, type Fixing } from '../benchmark/index.ts';
import { moveSamples, rollingCalibration, type CalibrationOptions, type CalibrationPoint } from './calibration.ts';
import { divideHalfEvenSigned } from './position.ts';
import { productMargin, riskArrayOf } from './span.ts';
import type { MarginParams } from './types.ts';

export interface BacktestProduct {
  readonly tickSize: string;
  readonly tickValueMinor: bigint;
}

export interface BacktestDay {
  readonly date: string;
  readonly previousPriceTicks: number;
  readonly priceTicks: number;
  readonly lossMinor: bigint;
  readonly initialMarginMinor: bigint;
  readonly scanRangeBps: number;
  readonly breach: boolean;
}

export interface BacktestReport {
  readonly benchmarkId: string;
  readonly from: string;
  readonly to: string;
  readonly daysTested: number;
  readonly breachCount: number;
  readonly coveragePct: number;
  readonly targetPct: number;
  readonly passed: boolean;
  readonly breaches: readonly BacktestDay[];
  readonly days: readonly BacktestDay[];
}

/** A published decimal value to whole ticks, nearest, ties to even. */
export function valueToTicks(value: string, tickSize: string): number {
  const parsed = parseDecimal(value);
  assert(parsed.ok, `value ${value} is not a decimal`);
  const step = parseStep(tickSize);
  const scale = Math.max(parsed.value.scale, step.scale);
  const numerator = parsed.value.mantissa * 10n ** BigInt(scale - parsed.value.scale);
  const denominator = step.mantissa * 10n ** BigInt(scale - step.scale);
  const result = Number(divideHalfEvenSigned(numerator, denominator));
  assert(Number.isSafeInteger(result) && result > 0, `value ${value} is not a positive price in ticks of ${tickSize}`);
  return result;
}

export function initialMarginPerContract(priceTicks: number, tickValueMinor: bigint, params: MarginParams): bigint {
  return productMargin([{ netLots: 1, risk: riskArrayOf(priceTicks, tickValueMinor, params) }], params).initialMinor;
}

export function backtestMargin(
  fixings: readonly Fixing[],
  product: BacktestProduct,
  options: CalibrationOptions,
  targetPct = 99,
): BacktestReport {
  const points = rollingCalibration(moveSamples(fixings, options.holdingPeriodDays), options);
  const valued = fixings.filter((f) => f.value !== null && (f.confidence === 'normal' || f.confidence === 'low'));
  const priceOn = new Map(valued.map((f) => [f.date, valueToTicks(f.value as string, product.tickSize)]));
  const days: BacktestDay[] = [];
  let p = 0;
  let params: CalibrationPoint | undefined;
  const dates = [...priceOn.keys()].sort();
  for (let i = 1; i < dates.length; i++) {
    const before = dates[i - 1] as string;
    const date = dates[i] as string;
    while (p < points.length && (points[p] as CalibrationPoint).date <= before) params = points[p++];
    if (params === undefined || daysBetween(before, date) !== 1) continue;
    const previous = priceOn.get(before) as number;
    const price = priceOn.get(date) as number;
    const loss = BigInt(Math.abs(price - previous)) * product.tickValueMinor;
    const margin = initialMarginPerContract(previous, product.tickValueMinor, params.params);
    days.push({
      date,
      previousPriceTicks: previous,
      priceTicks: price,
      lossMinor: loss,
      initialMarginMinor: margin,
      scanRangeBps: params.params.scanRangeBps,
      breach: loss > margin,
    });
  }
  const breaches = days.filter((d) => d.breach);
  const coveragePct = days.length === 0 ? 0 : Math.round(((days.length - breaches.length) / days.length) * 1e6) / 1e4;
  return {
    benchmarkId: fixings[0]?.benchmarkId ?? '',
    from: days[0]?.date ?? '',
    to: days[days.length - 1]?.date ?? '',
    daysTested: days.length,
    breachCount: breaches.length,
    coveragePct,
    targetPct,
    passed: days.length > 0 && coveragePct >= targetPct,
    breaches,
    days,
  };
}
