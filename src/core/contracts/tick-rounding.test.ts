/**
 * The named rounding rules: half-even division against a rational oracle, decimal to
 * ticks, and the floor rule for widths (never wider than the percentage, never zero).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStep, ticks } from '../kernel/index.ts';
import { isoWeekday, addBusinessDays, businessDayOnOrBefore } from './business-days.ts';
import { decimalToTicksHalfEven, divideHalfEven, widthTicksFloor } from './tick-rounding.ts';

describe('divideHalfEven', () => {
  it('is the nearest integer, ties to even', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const q = divideHalfEven(n, d);
        const twiceError = 2n * (n - q * d); // 2 x (n/d - q) x d
        expect(twiceError <= d && twiceError >= -d).toBe(true);
        if (twiceError === d || twiceError === -d) expect(q % 2n).toBe(0n);
      }),
    );
    expect([5n, 15n, 25n, -5n, -15n].map((n) => divideHalfEven(n, 10n))).toEqual([0n, 2n, 2n, 0n, -2n]);
  });
});

describe('decimalToTicksHalfEven', () => {
  it('rounds a benchmark value to the tick', () => {
    const tick = parseStep('0.001');
    expect(decimalToTicksHalfEven('6.374479', tick)).toBe(6374);
    expect(decimalToTicksHalfEven('6.3745', tick)).toBe(6374);
    expect(decimalToTicksHalfEven('6.3755', tick)).toBe(6376);
    expect(decimalToTicksHalfEven('6.3745001', tick)).toBe(6375);
    expect(decimalToTicksHalfEven('abc', tick)).toBeNull();
  });
});

describe('widthTicksFloor', () => {
  it('is floor(price x bps / 10 000), at least one tick', () => {
    expect(widthTicksFloor(ticks(6374), 1000)).toBe(637);
    expect(widthTicksFloor(ticks(3), 1000)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 1, max: 100_000 }), (price, bps) => {
        const width = widthTicksFloor(ticks(price), bps);
        expect(BigInt(width)).toBe(BigInt(Math.max(1, Number((BigInt(price) * BigInt(bps)) / 10_000n))));
      }),
    );
  });
});

describe('business days', () => {
  it('knows weekdays and skips weekends and holidays', () => {
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('2026-11-21')).toBe(6);
    const holidays = ['2026-12-25', '2027-01-01'];
    expect(addBusinessDays(holidays, '2026-12-24', 1)).toBe('2026-12-28');
    expect(addBusinessDays(holidays, '2026-12-31', 1)).toBe('2027-01-04');
    expect(addBusinessDays(holidays, '2027-01-04', -1)).toBe('2026-12-31');
    expect(businessDayOnOrBefore(holidays, '2027-01-03')).toBe('2026-12-31');
  });
});
