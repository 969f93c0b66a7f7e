/**
 * Margin calibration from a benchmark's published history (analytics, floating point).
 *
 * Moves: h-day log returns ln(V[d+h] / V[d]) of the published value between two days
 * that both have a computed value (normal or low confidence; fallback and empty days are
 * skipped, as in `seriesStats`), h = the margin period of risk (`holdingPeriodDays`).
 * For each return date the window of returns ending within the look-back gives an
 * empirical quantile of |move| at the confidence level (the order statistic at
 * ceil(confidence x n), never interpolated downwards). Calibrated as of a date:
 * - current = the quantile of the window ending on that date;
 * - stressed = the largest window quantile up to that date (the stressed period);
 * - floor = stressedFloorWeight x stressed: anti-procyclicality, margins do not fall
 *   below a share of their stressed level when markets calm (EMIR RTS art. 28 style);
 * - scan range = max(current, floor) as a price move exp(q) - 1, in basis points,
 *   rounded up to a whole basis point (the one place where a float becomes a parameter
 *   that moves money), and at least `scanRangeBpsMin`.
 * The spread charge is `spreadShareOfScanPct` of the scan range (rounded up): tokex has
 * no traded calendar spreads yet, so no term-structure history to calibrate it from.
 * O(n x L log L) for n returns and look-back L.
 */
import { assert } from '../kernel/index.ts';
import { addDays, daysBetween, type Fixing } from '../benchmark/index.ts';
import type { MarginParams } from './types.ts';

export interface CalibrationOptions {
  /** Share of moves the scan range covers, e.g. 0.99. */
  readonly confidence: number;
  /** Calendar days of history in the current window, e.g. 365. */
  readonly lookbackDays: number;
  /** Margin period of risk in days (the horizon of a move), e.g. 2. */
  readonly holdingPeriodDays: number;
  /** Floor as a share of the stressed-period quantile (0 = no floor, 1 = never below the stressed level). */
  readonly stressedFloorWeight: number;
  /** Least number of returns in a window for a quantile. */
  readonly returnsMin: number;
  readonly scanRangeBpsMin: number;
  readonly spreadShareOfScanPct: number;
  readonly initialToMaintenance: { readonly num: number; readonly den: number };
}

export const defaultCalibrationOptions: CalibrationOptions = {
  confidence: 0.99,
  lookbackDays: 365,
  holdingPeriodDays: 2,
  stressedFloorWeight: 0.75,
  returnsMin: 60,
  scanRangeBpsMin: 100,
  spreadShareOfScanPct: 25,
  initialToMaintenance: { num: 11, den: 10 },
};

export interface MoveSample {
  /** Date the move ends. */
  readonly date: string;
  readonly logReturn: number;
}

export interface CalibrationPoint {
  readonly date: string;
  readonly returnsInWindow: number;
  readonly currentQuantile: number;
  readonly stressedQuantile: number;
  readonly stressedWindowEnd: string;
  readonly binding: 'current' | 'stressed_floor' | 'minimum';
  readonly params: MarginParams;
}

export interface CalibrationReport {
  readonly benchmarkId: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly options: CalibrationOptions;
  readonly returns: number;
  readonly returnsInWindow: number;
  readonly currentMovePct: number;
  readonly stressedMovePct: number;
  readonly stressedWindow: { readonly from: string; readonly to: string };
  readonly floorMovePct: number;
  readonly binding: CalibrationPoint['binding'];
  /** Largest |h-day move| over the whole history, in percent (the stress test's starting point). */
  readonly worstMovePct: number;
  readonly worstMoveDate: string;
  /** Largest h-day rise and fall over the whole history, in percent of the starting price. */
  readonly worstRisePct: number;
  readonly worstFallPct: number;
  readonly params: MarginParams;
}

const computed = (f: Fixing): boolean => f.value !== null && (f.confidence === 'normal' || f.confidence === 'low');

/** h-day log returns between computed days exactly h calendar days apart, in date order. */
export function moveSamples(fixings: readonly Fixing[], holdingPeriodDays: number): MoveSample[] {
  assert(Number.isSafeInteger(holdingPeriodDays) && holdingPeriodDays >= 1, 'holding period: whole days >= 1');
  const byDate = new Map<string, number>();
  for (const f of fixings) if (computed(f)) byDate.set(f.date, Number(f.value));
  const out: MoveSample[] = [];
  for (const [start, startValue] of [...byDate].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const endDate = addDays(start, holdingPeriodDays);
    const endValue = byDate.get(endDate);
    if (endValue !== undefined) out.push({ date: endDate, logReturn: Math.log(endValue / startValue) });
  }
  return out;
}

/** The empirical quantile at `confidence` of sorted ascending values: the ceil(c x n)-th smallest. */
export function upperQuantile(sortedAscending: readonly number[], confidence: number): number {
  assert(sortedAscending.length > 0, 'quantile of no values');
  const rank = Math.min(sortedAscending.length, Math.max(1, Math.ceil(confidence * sortedAscending.length - 1e-9)));
  return sortedAscending[rank - 1] as number;
}

function paramsFor(move: number, options: CalibrationOptions): { bps: number; minimum: boolean } {
  const raw = Math.ceil((Math.exp(move) - 1) * 10_000 - 1e-9);
  return raw < options.scanRangeBpsMin ? { bps: options.scanRangeBpsMin, minimum: true } : { bps: raw, minimum: false };
}

function checkOptions(o: CalibrationOptions): void {
  assert(o.confidence > 0.5 && o.confidence < 1, `confidence ${o.confidence} must be in (0.5, 1)`);
  assert(Number.isSafeInteger(o.lookbackDays) && o.lookbackDays >= 30, 'look-back: whole days >= 30');
  assert(o.stressedFloorWeight >= 0 && o.stressedFloorWeight <= 1, 'stressed floor weight in [0, 1]');
  assert(Number.isSafeInteger(o.returnsMin) && o.returnsMin >= 10, 'returnsMin >= 10');
  assert(Number.isSafeInteger(o.scanRangeBpsMin) && o.scanRangeBpsMin >= 1, 'scanRangeBpsMin >= 1');
  assert(
    Number.isSafeInteger(o.spreadShareOfScanPct) && o.spreadShareOfScanPct >= 0 && o.spreadShareOfScanPct <= 100,
    'spread share 0-100',
  );
}

/** The calibration as of every return date that has a full enough window, in date order. */
export function rollingCalibration(samples: readonly MoveSample[], options: CalibrationOptions): CalibrationPoint[] {
  checkOptions(options);
  const points: CalibrationPoint[] = [];
  let stressed = 0;
  let stressedEnd = '';
  let start = 0;
  for (let j = 0; j < samples.length; j++) {
    const end = samples[j] as MoveSample;
    while (start < j && daysBetween((samples[start] as MoveSample).date, end.date) >= options.lookbackDays) start++;
    const window = samples.slice(start, j + 1);
    if (window.length < options.returnsMin) continue;
    const current = upperQuantile(
      window.map((s) => Math.abs(s.logReturn)).sort((a, b) => a - b),
      options.confidence,
    );
    if (current > stressed) {
      stressed = current;
      stressedEnd = end.date;
    }
    const floor = stressed * options.stressedFloorWeight;
    const chosen = paramsFor(Math.max(current, floor), options);
    const binding = chosen.minimum ? 'minimum' : floor > current ? 'stressed_floor' : 'current';
    const spread = Math.ceil((chosen.bps * options.spreadShareOfScanPct) / 100);
    points.push({
      date: end.date,
      returnsInWindow: window.length,
      currentQuantile: current,
      stressedQuantile: stressed,
      stressedWindowEnd: stressedEnd,
      binding,
      params: { scanRangeBps: chosen.bps, spreadChargeBps: spread, initialToMaintenance: options.initialToMaintenance },
    });
  }
  return points;
}

const pct = (move: number): number => Math.round((Math.exp(move) - 1) * 1e6) / 1e4;

/** Margin parameters as of the last date of the history (or `asOf`), with the report of how they were found. */
export function calibrateMargin(
  fixings: readonly Fixing[],
  options: CalibrationOptions = defaultCalibrationOptions,
  asOf?: string,
): { readonly params: MarginParams; readonly report: CalibrationReport } {
  const samples = moveSamples(fixings, options.holdingPeriodDays).filter((s) => asOf === undefined || s.date <= asOf);
  const points = rollingCalibration(samples, options);
  const last = points[points.length - 1];
  assert(last !== undefined, `fewer than ${options.returnsMin} moves in every ${options.lookbackDays}-day window: cannot calibrate`);
  let worst = samples[0] as MoveSample;
  for (const s of samples) if (Math.abs(s.logReturn) > Math.abs(worst.logReturn)) worst = s;
  const floor = last.stressedQuantile * options.stressedFloorWeight;
  const report: CalibrationReport = {
    benchmarkId: fixings[0]?.benchmarkId ?? '',
    from: fixings[0]?.date ?? '',
    to: fixings[fixings.length - 1]?.date ?? '',
    asOf: last.date,
    options,
    returns: samples.length,
    returnsInWindow: last.returnsInWindow,
    currentMovePct: pct(last.currentQuantile),
    stressedMovePct: pct(last.stressedQuantile),
    stressedWindow: { from: windowStart(last.stressedWindowEnd, options.lookbackDays, samples), to: last.stressedWindowEnd },
    floorMovePct: pct(floor),
    binding: last.binding,
    worstMovePct: pct(Math.abs(worst.logReturn)),
    worstMoveDate: worst.date,
    worstRisePct: pct(Math.max(0, ...samples.map((x) => x.logReturn))),
    worstFallPct: Math.round((1 - Math.exp(Math.min(0, ...samples.map((x) => x.logReturn)))) * 1e6) / 1e4,
    params: last.params,
  };
  return { params: last.params, report };
}

function windowStart(end: string, lookbackDays: number, samples: readonly MoveSample[]): string {
  const first = samples.find((s) => daysBetween(s.date, end) < lookbackDays);
  return first?.date ?? end;
}
