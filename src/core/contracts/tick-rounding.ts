/**
 * The named rounding rules of the contracts context. No floating point: percentages are
 * integer basis points and every division is done on integers with its rule in its name.
 *
 * - `widthTicksFloor`: a width that is a share of a price (daily limit, band, circuit
 *   breaker threshold) is floor(price x bps / 10 000) ticks, and at least one tick: a
 *   limit is never wider than its percentage says, and never zero.
 * - `divideHalfEven`: a quotient of integers (a VWAP in ticks) to the nearest integer,
 *   ties to the even one (banker's rounding, unbiased over many days).
 * - `decimalToTicksHalfEven`: a published decimal (a benchmark value) to whole ticks,
 *   nearest, ties to even.
 * Inputs are safe integers bounded by `limits.priceTicksAbsMax` (2e9) and bps by 100 000,
 * so price x bps stays below 2^53 and `number` arithmetic is exact. O(1) each.
 */
import { assert, parseDecimal, ticks, type ScaledDecimal, type Ticks } from '../kernel/index.ts';

export const bpsPerUnit = 10_000;
export const bpsMax = 100_000;

export function widthTicksFloor(priceTicks: Ticks, bps: number): Ticks {
  assert(Number.isSafeInteger(priceTicks) && priceTicks > 0, `price must be positive ticks: ${priceTicks}`);
  assert(Number.isSafeInteger(bps) && bps > 0 && bps <= bpsMax, `bps out of range: ${bps}`);
  return ticks(Math.max(1, Math.floor((priceTicks * bps) / bpsPerUnit)));
}

/** numerator / denominator rounded to the nearest integer, ties to even. Denominator positive. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  assert(denominator > 0n, 'divideHalfEven: denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twice = (magnitude % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** A decimal string in the quote unit to ticks of `tickSize`, nearest, ties to even. Null if not a decimal. */
export function decimalToTicksHalfEven(value: string, tickSize: ScaledDecimal): Ticks | null {
  const parsed = parseDecimal(value);
  if (!parsed.ok) return null;
  const scale = Math.max(parsed.value.scale, tickSize.scale);
  const numerator = parsed.value.mantissa * 10n ** BigInt(scale - parsed.value.scale);
  const denominator = tickSize.mantissa * 10n ** BigInt(scale - tickSize.scale);
  const count = divideHalfEven(numerator, denominator);
  if (count > BigInt(Number.MAX_SAFE_INTEGER) || count < BigInt(Number.MIN_SAFE_INTEGER)) return null;
  return ticks(Number(count));
}

export function clampTicks(value: Ticks, low: Ticks, high: Ticks): Ticks {
  assert(low <= high, `clamp range is empty: [${low}, ${high}]`);
  return value < low ? low : value > high ? high : value;
}
