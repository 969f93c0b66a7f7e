/**
 * The hedging analytics by hand on a small series: the OLS hedge ratio, its interval and
 * R-squared, the dollar offset and regression tests, whole contracts by the named rules;
 * properties (fast-check): the minimum-variance ratio minimises the hedged variance over
 * a grid, contracts are whole and scale with the exposure; bad exposure and price input
 * is refused with file, line or field, reason and code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dollarOffset,
  exposureFromCsv,
  exposureFromJson,
  formatProblem,
  ols,
  ownPricesFromCsv,
  regressionTest,
  roundContracts,
  sampleVariance,
  studentTQuantile,
} from '../../src/core/hedging/index.ts';

describe('hedge ratio by hand', () => {
  // Benchmark changes x and the firm's price changes y over five months.
  const x = [1, 2, 3, 4, 5];
  const y = [2, 4, 5, 4, 5];

  it('is cov / var, with its standard error, interval and R-squared', () => {
    // mean x 3, mean y 4; Sxx = 10, Sxy = (-2)(-2) + (-1)(0) + 0 + (1)(0) + (2)(1) = 6; slope 0.6.
    // Syy = 4 + 0 + 1 + 0 + 1 = 6; SSE = Syy - slope Sxy = 6 - 3.6 = 2.4; R-squared = 1 - 2.4 / 6 = 0.6.
    // se = sqrt(2.4 / 3 / 10) = sqrt(0.08); t(0.975, 3) = 3.182446.
    const fit = ols(x, y);
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.intercept).toBeCloseTo(2.2, 12);
    expect(fit.rSquared).toBeCloseTo(0.6, 12);
    expect(fit.slopeStdError).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.182446, 5);
    expect(fit.slopeLow).toBeCloseTo(0.6 - 3.182446 * Math.sqrt(0.08), 5);
    expect(fit.slopeHigh).toBeCloseTo(0.6 + 3.182446 * Math.sqrt(0.08), 5);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
  });

  it('runs the dollar offset and regression tests', () => {
    // Hedge gains 95 while the purchase costs 100 more: offset 0.95, effective.
    expect(dollarOffset(95, -100)).toMatchObject({ ratio: 0.95, effective: true });
    expect(dollarOffset(70, -100)).toMatchObject({ ratio: 0.7, effective: false });
    expect(dollarOffset(130, -100).effective).toBe(false);
    expect(dollarOffset(5, 0)).toMatchObject({ ratio: null, effective: null });
    // Item = -hedge exactly: slope -1, R-squared 1.
    const hedge = [10, -5, 3, 8, -2];
    expect(
      regressionTest(
        hedge,
        hedge.map((h) => -h),
      ),
    ).toMatchObject({ effective: true, n: 5 });
    expect(
      regressionTest(
        hedge,
        hedge.map((h) => -h),
      ).slope,
    ).toBeCloseTo(-1, 12);
    // Item = -0.5 x hedge: perfect fit but slope -0.5 fails.
    const half = regressionTest(
      hedge,
      hedge.map((h) => -0.5 * h),
    );
    expect(half.effective).toBe(false);
    expect(half.detail).toMatch(/slope -0.500 outside/);
    expect(regressionTest([0, 0, 0], [1, 2, 3]).detail).toMatch(/never changed/);
  });

  it('rounds contracts once by the named rule', () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001].map((v) => roundContracts(v, 'half_even'))).toEqual([0, 2, 2, 2, 3]);
    expect([0.99, 1.5, 7.9999].map((v) => roundContracts(v, 'toward_zero'))).toEqual([0, 1, 7]);
    expect(roundContracts(-3, 'half_even')).toBe(0);
    expect(roundContracts(Number.NaN, 'half_even')).toBe(0);
  });
});

describe('hedging properties', () => {
  const series = fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })), {
    minLength: 4,
    maxLength: 40,
  });

  it('the minimum-variance ratio minimises the hedged variance over a grid', () => {
    fc.assert(
      fc.property(series, (pairs) => {
        const x = pairs.map(([a]) => a);
        const y = pairs.map(([a, b]) => 0.7 * a + b);
        fc.pre(sampleVariance(x) > 1e-6);
        const h = ols(x, y).slope;
        const hedged = (ratio: number): number => sampleVariance(y.map((v, i) => v - ratio * (x[i] ?? 0)));
        const best = hedged(h);
        for (let g = -3; g <= 3; g += 0.05) expect(best).toBeLessThanOrEqual(hedged(g) + 1e-9 * (1 + Math.abs(hedged(g))));
      }),
    );
  });

  it('contracts are whole, non-negative and scale with the exposure', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 50 }),
        (ratio, quantity, k) => {
          const unit = 1000;
          for (const rule of ['half_even', 'toward_zero'] as const) {
            const one = roundContracts((ratio * quantity) / unit, rule);
            const more = roundContracts((ratio * quantity * k) / unit, rule);
            expect(Number.isSafeInteger(one) && one >= 0).toBe(true);
            expect(more).toBeGreaterThanOrEqual(one);
            // Each rounding is off by at most one contract from the exact count.
            expect(Math.abs(more - (ratio * quantity * k) / unit)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});

describe('bad input', () => {
  it('names the field and the reason in a JSON exposure', () => {
    const result = exposureFromJson('e.json', {
      firm: '',
      product: 'tok',
      role: 'hedger',
      planDate: '2026-02-30',
      exposure: [
        { month: '2026-13', quantity: '10' },
        { month: '2026-09', quantity: '-5' },
        { month: '2026-10', quantity: 5 },
      ],
      extra: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.map(formatProblem);
    expect(text).toEqual(
      expect.arrayContaining([
        'e.json: extra: unknown field (known: firm, description, product, role, planDate, rounding, historyFrom, exposure, ownPrice)',
        'e.json: firm: must be a non-empty string',
        'e.json: product: "tok" is not a product root (1-6 of A-Z 0-9)',
        'e.json: role: "hedger" is not one of buyer, seller',
        'e.json: planDate: "2026-02-30" is not a YYYY-MM-DD date',
        'e.json: exposure[0].month: "2026-13" is not a YYYY-MM month',
        'e.json: exposure[1].quantity: "-5" must be positive',
        'e.json: exposure[2].quantity: must be a decimal string such as "2500" or "12.5"',
      ]),
    );
    expect(result.problems.every((p) => p.code === 'exposure_invalid')).toBe(true);
    expect(exposureFromJson('e.json', [])).toMatchObject({ ok: false });
  });

  it('names the line in a CSV exposure and a price file', () => {
    const bad = exposureFromCsv(
      'e.csv',
      'firm,product,role,plan_date,month,quantity\nA,TOK,buyer,2026-07-24,2026-08,10\nA,TOK,buyer,2026-07-24,2026-07,1e3\n',
    );
    expect(bad.ok ? [] : bad.problems.map(formatProblem)).toEqual(['e.csv:3: quantity: "1e3" is not a plain decimal number']);
    const order = exposureFromCsv('e.csv', 'firm,product,role,plan_date,month,quantity\nA,TOK,buyer,2026-07-24,2026-07,10\n');
    expect(order.ok ? [] : order.problems.map(formatProblem)).toEqual([
      "e.csv:2: month: 2026-07 is not after the plan date's month 2026-07",
    ]);
    expect(exposureFromCsv('e.csv', 'month,qty\n').ok).toBe(false);
    const prices = ownPricesFromCsv('p.csv', 'date,price\n2024-01-31,4.0\n2024-01-15,4.1\n2024-03-31,x\n2024-04-30,0\n');
    expect(prices.ok ? [] : prices.problems.map(formatProblem)).toEqual([
      'p.csv:3: date: 2024-01-15 is not after 2024-01-31',
      'p.csv:4: price: "x" is not a plain decimal number',
      'p.csv:5: price: "0" must be positive',
    ]);
    expect(prices.ok ? null : prices.problems[0]?.code).toBe('price_history_invalid');
  });

  it('reads invoices as amount / quantity, in force until the next one', () => {
    const parsed = ownPricesFromCsv('i.csv', 'date,amount_usd,quantity\n2024-01-31,4000,1000\n2024-02-29,3000,1000\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.priceOn('2024-02-15')).toBe(4);
    expect(parsed.value.priceOn('2024-02-29')).toBe(3);
    expect(parsed.value.priceOn('2024-03-01')).toBeNull();
  });
});
