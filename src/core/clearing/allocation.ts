/**
 * Pro-rata allocation of an integer amount over integer weights (default-fund shares,
 * assessments): each share is floor(total x weight / sum of weights), and the minor units
 * left over go one each to the largest remainders, ties to the earlier key (keys are
 * sorted by the caller). The shares sum to exactly `total`, and no share exceeds its
 * weight when total <= sum of weights. O(n log n).
 */
import { assert } from '../kernel/index.ts';

export function allocateProRata(total: bigint, weights: readonly bigint[]): bigint[] {
  assert(total >= 0n, `allocate a non-negative amount, got ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map(() => 0n);
  assert(sum > 0n && weights.every((w) => w >= 0n), 'allocate over non-negative weights with a positive sum');
  const shares = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r > b.r ? -1 : a.r < b.r ? 1 : a.i - b.i));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left--;
  }
  assert(left === 0n, 'allocation leaves nothing over');
  return shares;
}
