/**
 * The in-flight map behaves exactly as a Map (get, size, entries in order) over any run of
 * sets, deletes and clears, through its compactions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InFlightMap } from './in-flight-map.ts';

type Op =
  | { readonly op: 'set'; readonly key: number; readonly value: number }
  | { readonly op: 'delete'; readonly key: number }
  | { readonly op: 'clear' };

const opArb = (keys: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.record({ op: fc.constant('set' as const), key: fc.nat(keys), value: fc.nat() }) },
    { weight: 10, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.nat(keys) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  );

function check(map: InFlightMap<number, { readonly value: number }>, model: Map<number, { readonly value: number }>, keys: number): void {
  expect(map.size).toBe(model.size);
  expect(map.entries()).toEqual([...model.entries()]);
  for (let key = 0; key <= keys; key++) expect(map.get(key)).toBe(model.get(key));
}

describe('InFlightMap', () => {
  it('matches a Map over any run of sets, deletes and clears', () => {
    for (const keys of [8, 400]) {
      fc.assert(
        fc.property(fc.array(opArb(keys), { maxLength: 600 }), (ops) => {
          const map = new InFlightMap<number, { readonly value: number }>();
          const model = new Map<number, { readonly value: number }>();
          for (const op of ops) {
            if (op.op === 'set') {
              const value = { value: op.value };
              map.set(op.key, value);
              model.set(op.key, value);
            } else if (op.op === 'delete') {
              expect(map.delete(op.key)).toBe(model.delete(op.key));
            } else {
              map.clear();
              model.clear();
            }
          }
          check(map, model, keys);
        }),
        { seed: 14, numRuns: 150 },
      );
    }
  });

  it('keeps the live entries through many compactions of request-like churn', () => {
    const map = new InFlightMap<number, { readonly id: number }>();
    for (let id = 1; id <= 10_000; id++) {
      map.set(id, { id });
      // Answers arrive a little out of order, 32 requests behind.
      const answered = id - 32 + (id % 3);
      if (answered >= 1) map.delete(answered);
    }
    const live = map.entries().map(([id]) => id);
    expect(map.size).toBe(live.length);
    for (const id of live) expect(map.get(id)).toEqual({ id });
    expect(map.get(5_000)).toBeUndefined();
    expect(live.every((id) => id > 9_900)).toBe(true);
  });
});
