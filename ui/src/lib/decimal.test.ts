// Exact decimals in the browser: steps in bigint, refusals instead of rounding, money
// formatting with the currency's minor digits.
import { describe, expect, it } from 'vitest';
import { formatMoney, formatSteps, moneyMinor, toSteps } from './decimal.ts';

describe('decimal steps', () => {
  it('counts exact multiples and refuses the rest', () => {
    expect(toSteps('5.114', '0.001')).toEqual({ ok: true, steps: 5114n });
    expect(toSteps('5.1', '0.001')).toEqual({ ok: true, steps: 5100n });
    expect(toSteps('0.3', '0.1')).toEqual({ ok: true, steps: 3n });
    expect(toSteps('5.1145', '0.001')).toEqual({ ok: false, reason: '5.1145 is not a multiple of 0.001' });
    expect(toSteps('1e3', '1')).toMatchObject({ ok: false });
    expect(toSteps('+1', '1')).toMatchObject({ ok: false });
  });

  it('formats steps and money without floating point', () => {
    expect(formatSteps(5114n, '0.001')).toBe('5.114');
    expect(formatSteps(-7n, '0.25')).toBe('-1.75');
    expect(moneyMinor('12.3', 2)).toBe(1230n);
    expect(formatMoney(123456789n, 2)).toBe('1,234,567.89');
    expect(formatMoney(-5n, 2)).toBe('-0.05');
    expect(() => moneyMinor('1.001', 2)).toThrow('more than 2 decimals');
  });
});
