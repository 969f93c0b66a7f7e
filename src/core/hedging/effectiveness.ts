/**
 * Hedge effectiveness tests as hedge accounting uses them (IAS 39 / ASC 815 practice):
 *
 * - Dollar offset: ratio = -(change in the hedge's value) / (change in the hedged item's
 *   value), effective when 0.80 <= ratio <= 1.25. Run per period and cumulatively. When
 *   the hedged item did not change the ratio is undefined (`null`, "not measurable"),
 *   the small-numbers problem of the method.
 * - Regression: the hedged item's value changes regressed on the hedge's value changes;
 *   effective when R-squared >= 0.80 and the slope lies in [-1.25, -0.80].
 * Values are in USD (floating point, analytics). Pure; O(n).
 */
import { ols, sampleVariance } from './statistics.ts';

export const dollarOffsetBounds = { low: 0.8, high: 1.25 } as const;
export const regressionBounds = { rSquaredMin: 0.8, slopeLow: -1.25, slopeHigh: -0.8 } as const;

export interface DollarOffset {
  readonly hedgeChangeUsd: number;
  readonly itemChangeUsd: number;
  /** -hedge / item; null when the item did not change. */
  readonly ratio: number | null;
  readonly effective: boolean | null;
}

export function dollarOffset(hedgeChangeUsd: number, itemChangeUsd: number): DollarOffset {
  const measurable = Math.abs(itemChangeUsd) > 1e-9;
  const ratio = measurable ? -hedgeChangeUsd / itemChangeUsd : null;
  const effective = ratio === null ? null : ratio >= dollarOffsetBounds.low && ratio <= dollarOffsetBounds.high;
  return { hedgeChangeUsd, itemChangeUsd, ratio, effective };
}

export interface RegressionTest {
  readonly n: number;
  readonly slope: number | null;
  readonly rSquared: number | null;
  readonly effective: boolean;
  /** Why the test could not run, or which criterion failed; empty when effective. */
  readonly detail: string;
}

export function regressionTest(hedgeChangesUsd: readonly number[], itemChangesUsd: readonly number[]): RegressionTest {
  const n = hedgeChangesUsd.length;
  if (n < 3) return { n, slope: null, rSquared: null, effective: false, detail: `needs at least 3 periods, has ${n}` };
  if (sampleVariance(hedgeChangesUsd) === 0) {
    return { n, slope: null, rSquared: null, effective: false, detail: 'the hedge value never changed: no regression possible' };
  }
  const fit = ols(hedgeChangesUsd, itemChangesUsd);
  const failures: string[] = [];
  if (fit.rSquared < regressionBounds.rSquaredMin) failures.push(`R-squared ${fit.rSquared.toFixed(3)} < ${regressionBounds.rSquaredMin}`);
  if (fit.slope < regressionBounds.slopeLow || fit.slope > regressionBounds.slopeHigh) {
    failures.push(`slope ${fit.slope.toFixed(3)} outside [${regressionBounds.slopeLow}, ${regressionBounds.slopeHigh}]`);
  }
  return { n, slope: fit.slope, rSquared: fit.rSquared, effective: failures.length === 0, detail: failures.join('; ') };
}
