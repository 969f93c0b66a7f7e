/**
 * Weighted median and plain median, the robust aggregates of the benchmarks.
 *
 * Weighted median: sort by price (ties by key), walk the cumulative weight; the first
 * price where it reaches half the total is the median, except when it lands exactly on
 * half, where the median is the mean of that price and the next. With equal weights
 * this is the ordinary median (computed so when every weight is 1). O(n log n).
 */
import { assert } from '../kernel/index.ts';

export interface WeightedPrice {
  readonly key: string;
  readonly priceUsd: number;
  readonly weight: number;
}

export function weightedMedian(items: readonly WeightedPrice[]): number {
  assert(items.length > 0, 'weighted median of nothing');
  // Unit weights (the default rule): the ordinary median, on a typed array (the order of
  // equal prices never changes the result, so their keys need not be compared).
  if (items.every((item) => item.weight === 1)) return medianOfTyped(Float64Array.from(items, (item) => item.priceUsd));
  const sorted = [...items].sort((a, b) => a.priceUsd - b.priceUsd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = sorted.reduce((sum, item) => sum + item.weight, 0);
  assert(total > 0, 'weighted median needs a positive total weight');
  let cumulative = 0;
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i];
    assert(item !== undefined, 'index in range');
    cumulative += item.weight;
    if (cumulative * 2 === total && i + 1 < sorted.length) return (item.priceUsd + (sorted[i + 1]?.priceUsd ?? item.priceUsd)) / 2;
    if (cumulative * 2 >= total) return item.priceUsd;
  }
  return sorted[sorted.length - 1]?.priceUsd ?? 0;
}

/** Median of plain numbers (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  assert(values.length > 0, 'median of nothing');
  return medianOfTyped(Float64Array.from(values));
}

function medianOfTyped(values: Float64Array): number {
  const sorted = values.sort();
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}
