/**
 * Decimal strings to integer steps and back: exact, never rounded.
 *
 * Properties over random step sizes (mantissa and scale) and counts, checked against
 * plain bigint arithmetic; unit cases for the grammar's edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantViolation } from './assert.ts';
import { formatScaled, formatSteps, parseDecimal, parseStep, parseSteps, type ScaledDecimal } from './decimal.ts';
import { limits } from './limits.ts';
import { lots, minor, notionalMinor, ticks } from './units.ts';

/** A positive step such as "0.05", "0.25", "1", "100" or "0.0001". */
const stepArb = fc
  .record({ mantissa: fc.bigInt({ min: 1n, max: 100_000n }), scale: fc.integer({ min: 0, max: 8 }) })
  .map((step): ScaledDecimal => step);

/** Counts small enough that count x step keeps within `limits.decimalDigitsMax` digits. */
const countArb = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

/** The value of a decimal as a fraction over 10^scale, brought to `scale`. */
function atScale(value: ScaledDecimal, scale: number): bigint {
  expect(scale).toBeGreaterThanOrEqual(value.scale);
  return value.mantissa * 10n ** BigInt(scale - value.scale);
}

function parsed(text: string): ScaledDecimal {
  const result = parseDecimal(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.reason}`);
  return result.value;
}

describe('parseDecimal and formatScaled', () => {
  it('round-trip every canonical decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 29n), max: 10n ** 29n }), fc.integer({ min: 0, max: 12 }), (mantissa, scale) => {
        const text = formatScaled({ mantissa, scale });
        const back = parsed(text);
        expect(back).toEqual({ mantissa, scale });
        expect(formatScaled(back)).toBe(text);
      }),
    );
  });

  it('accepts plain decimals', () => {
    expect(parsed('0')).toEqual({ mantissa: 0n, scale: 0 });
    expect(parsed('100.25')).toEqual({ mantissa: 10025n, scale: 2 });
    expect(parsed('-0.5')).toEqual({ mantissa: -5n, scale: 1 });
    expect(parsed('0.10')).toEqual({ mantissa: 10n, scale: 2 });
    expect(parsed('9'.repeat(limits.decimalDigitsMax))).toEqual({ mantissa: 10n ** 30n - 1n, scale: 0 });
  });

  const tooManyDigits = '1'.repeat(limits.decimalDigitsMax + 1);
  const badInputs = [
    '',
    '1e5',
    '+1',
    '.5',
    '1.',
    ' 1',
    '1 ',
    '0x10',
    '1,5',
    '01',
    '-',
    '--1',
    '-.5',
    '1_000',
    'NaN',
    'Infinity',
    '١',
    tooManyDigits,
    `0.${'0'.repeat(limits.decimalDigitsMax)}`,
    '1'.repeat(1000),
  ];

  it.each(badInputs)('rejects %j', (text) => {
    const result = parseDecimal(text);
    expect(result.ok).toBe(false);
    expect(parseSteps(text, parseStep('1')).ok).toBe(false);
  });

  it('says why', () => {
    expect(parseDecimal('')).toEqual({ ok: false, reason: 'is empty' });
    expect(parseDecimal('1e5')).toEqual({ ok: false, reason: '"1e5" is not a plain decimal number' });
    expect(parseDecimal(tooManyDigits)).toEqual({ ok: false, reason: `"${tooManyDigits}" has more than 30 digits` });
  });
});

describe('parseStep', () => {
  it('takes positive decimals only', () => {
    expect(parseStep('0.05')).toEqual({ mantissa: 5n, scale: 2 });
    for (const bad of ['0', '0.00', '-1', 'abc', '']) expect(() => parseStep(bad)).toThrow(InvariantViolation);
  });
});

describe('parseSteps and formatSteps', () => {
  it('round-trip any count for any step', () => {
    fc.assert(
      fc.property(stepArb, countArb, (step, count) => {
        const text = formatSteps(count, step);
        expect(parseSteps(text, step)).toEqual({ ok: true, value: count });
        // Exactly the step's number of decimals, so the wire form is stable.
        expect(text.split('.')[1]?.length ?? 0).toBe(step.scale);
      }),
    );
  });

  it('accepts trailing zeros beyond the step and fewer decimals than the step', () => {
    expect(parseSteps('100.2500', parseStep('0.05'))).toEqual({ ok: true, value: 2005 });
    expect(parseSteps('3', parseStep('0.25'))).toEqual({ ok: true, value: 12 });
    expect(parseSteps('0.3', parseStep('0.1'))).toEqual({ ok: true, value: 3 });
    expect(parseSteps('-1.5', parseStep('0.5'))).toEqual({ ok: true, value: -3 });
    expect(parseSteps('1500', parseStep('500'))).toEqual({ ok: true, value: 3 });
  });

  it('rejects, never rounds, any value that is not a whole number of steps', () => {
    fc.assert(
      fc.property(
        stepArb,
        countArb,
        fc.integer({ min: 0, max: 4 }),
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        (step, count, extraScale, offset) => {
          // Between two multiples: count steps plus a remainder in (0, step) at a finer scale.
          const stepFine = step.mantissa * 10n ** BigInt(extraScale);
          fc.pre(stepFine > 1n);
          const remainder = 1n + (offset % (stepFine - 1n));
          const value = { mantissa: BigInt(count) * stepFine + remainder, scale: step.scale + extraScale };
          const text = formatScaled(value);
          expect(parseSteps(text, step)).toEqual({ ok: false, reason: `${text} is not a multiple of ${formatScaled(step)}` });
        },
      ),
    );
  });

  it('accepts exactly the values equal to a safe count of steps', () => {
    const mantissaArb = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });
    fc.assert(
      fc.property(stepArb, mantissaArb, fc.integer({ min: 0, max: 10 }), (step, mantissa, scale) => {
        const value = { mantissa, scale };
        const common = Math.max(scale, step.scale);
        const valueAtCommon = atScale(value, common);
        const stepAtCommon = atScale(step, common);
        const quotient = valueAtCommon / stepAtCommon;
        const safe = BigInt(Number.MAX_SAFE_INTEGER);
        const expected = valueAtCommon % stepAtCommon === 0n && quotient <= safe && -quotient <= safe;
        const result = parseSteps(formatScaled(value), step);
        expect(result.ok).toBe(expected);
        if (result.ok) expect(BigInt(result.value) * stepAtCommon).toBe(valueAtCommon);
      }),
    );
  });

  it('rejects a count outside the safe integers', () => {
    const step = parseStep('1');
    expect(parseSteps(String(Number.MAX_SAFE_INTEGER), step)).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
    expect(parseSteps('9007199254740992', step)).toEqual({ ok: false, reason: '9007199254740992 is out of range' });
    expect(parseSteps('-9007199254740992', step).ok).toBe(false);
  });

  it('refuses a step that is not positive', () => {
    expect(() => parseSteps('1', { mantissa: 0n, scale: 0 })).toThrow(InvariantViolation);
    expect(() => parseSteps('1', { mantissa: -5n, scale: 1 })).toThrow(InvariantViolation);
  });

  it('formats with the step scale', () => {
    expect(formatSteps(2005, parseStep('0.05'))).toBe('100.25');
    expect(formatSteps(-3, parseStep('0.5'))).toBe('-1.5');
    expect(formatSteps(0, parseStep('0.01'))).toBe('0.00');
    expect(formatSteps(1n, parseStep('0.0001'))).toBe('0.0001');
    expect(formatSteps(7, parseStep('1000'))).toBe('7000');
  });
});

describe('arithmetic on parsed values', () => {
  it('sums and differences of counts are exact decimals', () => {
    fc.assert(
      fc.property(stepArb, countArb, countArb, (step, a, b) => {
        const textA = formatSteps(a, step);
        const textB = formatSteps(b, step);
        const countA = parseSteps(textA, step);
        const countB = parseSteps(textB, step);
        if (!countA.ok || !countB.ok) throw new Error('round trip failed');
        // Counts stay far inside 2^53, so number arithmetic on them is exact...
        const sum = countA.value + countB.value;
        const difference = countA.value - countB.value;
        // ...and agrees with bigint arithmetic on the decimals themselves.
        const decimalA = parsed(textA);
        const decimalB = parsed(textB);
        expect(formatSteps(sum, step)).toBe(formatScaled({ mantissa: decimalA.mantissa + decimalB.mantissa, scale: step.scale }));
        expect(formatSteps(difference, step)).toBe(formatScaled({ mantissa: decimalA.mantissa - decimalB.mantissa, scale: step.scale }));
      }),
    );
  });

  it('notional of price x quantity x tick value is exact in bigint', () => {
    const priceArb = fc.integer({ min: -limits.priceTicksAbsMax, max: limits.priceTicksAbsMax });
    const qtyArb = fc.integer({ min: 0, max: limits.orderQtyLotsMax });
    fc.assert(
      fc.property(priceArb, qtyArb, fc.bigInt({ min: 1n, max: 1_000_000n }), (price, qty, tickValue) => {
        const notional = notionalMinor(ticks(price), lots(qty), minor(tickValue));
        expect(notional).toBe(BigInt(price) * BigInt(qty) * tickValue);
        // Dividing back recovers the inputs: no digit was lost on the way.
        if (qty !== 0) expect(notional / (BigInt(qty) * tickValue)).toBe(BigInt(price));
      }),
    );
  });

  it('where float arithmetic would not be exact', () => {
    const cent = parseStep('0.01');
    const a = parseSteps('0.10', cent);
    const b = parseSteps('0.20', cent);
    if (!a.ok || !b.ok) throw new Error('parse failed');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatSteps(a.value + b.value, cent)).toBe('0.30');
    const big = notionalMinor(ticks(limits.priceTicksAbsMax), lots(limits.orderQtyLotsMax), minor(3n));
    expect(big).toBe(6_000_000_000_000_000_000n);
    expect(Number.isSafeInteger(limits.priceTicksAbsMax * limits.orderQtyLotsMax * 3)).toBe(false);
  });
});
