/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, numbers in
 * JavaScript's shortest round-trip form. Two equal values give identical text, so the
 * text can be hashed (methodology hashes) and compared (replication).
 *
 * Limits: `undefined` members are dropped (as JSON.stringify does); non-finite
 * numbers and bigints are refused by assert. O(n log n) in the number of keys.
 */
import { assert } from '../kernel/index.ts';

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    assert(Number.isFinite(value), `canonical JSON has no ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  assert(typeof value === 'object', `canonical JSON cannot encode ${typeof value}`);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
