/**
 * The pure helpers the benchmarks rest on: SHA-256 against node:crypto, canonical JSON,
 * half-even rounding against exact decimal arithmetic, calendar day arithmetic, the
 * exact settlement mean, and the methodology hash lock.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { addDays, dateOfDay, dayOfDate, isCivilDate } from './civil-date.ts';
import { allMethodologies, listBenchmarks, methodologyHash } from './methodologies.ts';
import { roundHalfEven, roundHalfEvenNumber } from './rounding.ts';
import { exactMean } from './settlement.ts';

describe('canonicalJson', () => {
  it('sorts keys and ignores insertion order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 'x', c: null }] })).toBe('{"a":[1,{"c":null,"d":"x"}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('roundHalfEven', () => {
  it('rounds ties to even and everything else to nearest', () => {
    expect(roundHalfEven(0.5, 0)).toBe('0');
    expect(roundHalfEven(1.5, 0)).toBe('2');
    expect(roundHalfEven(2.5, 0)).toBe('2');
    expect(roundHalfEven(0.0000005, 6)).toBe('0.000000'); // the double is slightly below the tie
    expect(roundHalfEven(0.0000015, 6)).toBe('0.000002'); // the double is slightly above the tie
    expect(roundHalfEven(1.0000025, 6)).toBe('1.000002'); // the double is slightly below the tie
    expect(roundHalfEven(-1.25, 1)).toBe('-1.2');
    expect(roundHalfEven(3, 6)).toBe('3.000000');
    // The decimal string has no negative zero, so neither has the number (found by the property below).
    expect(Object.is(roundHalfEvenNumber(-0, 0), 0)).toBe(true);
    expect(Object.is(roundHalfEvenNumber(-1e-12, 6), 0)).toBe(true);
  });

  it('agrees with exact decimal rounding of the double value', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 9 }), (value, places) => {
        const exact = BigInt(Math.round(value * 10 ** places));
        const got = BigInt(roundHalfEven(value, places).replace('.', ''));
        expect(got - exact <= 1n && exact - got <= 1n).toBe(true);
        expect(roundHalfEvenNumber(value, places)).toBe(Number(roundHalfEven(value, places)));
      }),
    );
  });
});

describe('civil dates', () => {
  it('round-trips day numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        expect(dayOfDate(dateOfDay(day))).toBe(day);
      }),
    );
    expect(dayOfDate('1970-01-01')).toBe(0);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(isCivilDate('2023-02-29')).toBe(false);
    expect(isCivilDate('2024-13-01')).toBe(false);
  });
});

describe('exactMean', () => {
  it('is exact with half-even rounding', () => {
    expect(exactMean(['1.000000', '2.000000', '2.000001'], 6)).toBe('1.666667');
    expect(exactMean(['0.000001', '0.000002'], 6)).toBe('0.000002');
    expect(exactMean(['0.000001', '0.000000'], 6)).toBe('0.000000');
  });
});

describe('methodologies', () => {
  it('are hash-locked: ids unique, hashes stable and sensitive to any change', () => {
    const list = listBenchmarks();
    expect(new Set(list.map((b) => b.id)).size).toBe(list.length);
    for (const m of allMethodologies()) {
      expect(methodologyHash(m)).toMatch(/^[0-9a-f]{64}$/);
      expect(methodologyHash({ ...m, chain: { ...m.chain, relativeCap: m.chain.relativeCap + 0.01 } })).not.toBe(methodologyHash(m));
    }
    expect(list.map((b) => b.id)).toEqual(
      expect.arrayContaining(['TKX-TOK-FRONTIER', 'TKX-TOK-LLAMA70B', 'TKX-GPU-H100-OD', 'TKX-GPU-A100-SPOT']),
    );
  });
});
