/**
 * The statistics of hedging, in floating point (analytics only, DESIGN.md section 4):
 * mean, sample variance, ordinary least squares with the slope's standard error and a
 * two-sided Student-t confidence interval, and the t quantile itself.
 *
 * Invariants: `ols` needs at least 3 points and a regressor with non-zero variance (it
 * asserts both; callers check first and reject with a code). The t quantile is found by
 * bisection on the t distribution function, which comes from the regularised incomplete
 * beta function (continued fraction, Numerical Recipes 6.4); accurate to about 1e-10.
 * Complexity: O(n) per regression, O(60 x continued fraction) per quantile.
 */
import { assert } from '../kernel/index.ts';

export function mean(xs: readonly number[]): number {
  assert(xs.length > 0, 'mean of an empty list');
  return xs.reduce((sum, x) => sum + x, 0) / xs.length;
}

/** Sample variance (n - 1 in the denominator); 0 for fewer than two values. */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((sum, x) => sum + (x - m) ** 2, 0) / (xs.length - 1);
}

export interface Regression {
  readonly n: number;
  readonly intercept: number;
  readonly slope: number;
  readonly slopeStdError: number;
  /** Two-sided interval for the slope at `confidence`. */
  readonly slopeLow: number;
  readonly slopeHigh: number;
  readonly confidence: number;
  readonly rSquared: number;
  /** Correlation of x and y (0 when y has no variance). */
  readonly correlation: number;
}

/** y = intercept + slope x + e, by ordinary least squares. */
export function ols(xs: readonly number[], ys: readonly number[], confidence = 0.95): Regression {
  assert(xs.length === ys.length, 'ols: x and y differ in length');
  const n = xs.length;
  assert(n >= 3, `ols needs at least 3 points, got ${n}`);
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  assert(sxx > 0, 'ols: the regressor has no variance');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const slopeStdError = Math.sqrt(sse / (n - 2) / sxx);
  const t = studentTQuantile(1 - (1 - confidence) / 2, n - 2);
  const rSquared = syy > 0 ? Math.min(1, Math.max(0, 1 - sse / syy)) : 0;
  const correlation = syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
  return {
    n,
    intercept,
    slope,
    slopeStdError,
    slopeLow: slope - t * slopeStdError,
    slopeHigh: slope + t * slopeStdError,
    confidence,
    rSquared,
    correlation,
  };
}

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms). */
function logGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.61503916999186, 12.507343278686905,
    -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] ?? 0;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The `p` quantile of Student's t with `df` degrees of freedom (0 < p < 1), by bisection. */
export function studentTQuantile(p: number, df: number): number {
  assert(p > 0 && p < 1 && df >= 1, `t quantile needs 0 < p < 1 and df >= 1 (p ${p}, df ${df})`);
  let low = -1e3;
  let high = 1e3;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
