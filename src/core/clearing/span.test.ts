/**
 * SPAN margin by hand: the 16 scenarios and their weights, an outright position, a
 * calendar spread, maintenance from the ratio, and the bigint path for huge positions;
 * the pre-trade check's shortcut for initial margin gives exactly `productMargin`'s.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { productInitialMinor, productMargin, riskArrayOf, spanScenarios } from './span.ts';
import type { MarginParams } from './types.ts';

const params: MarginParams = { scanRangeBps: 1200, spreadChargeBps: 300, initialToMaintenance: { num: 11, den: 10 } };

describe('SPAN margin', () => {
  it('has the 16 scenarios of SPAN, the extremes at 35% of 3 ranges', () => {
    expect(spanScenarios).toHaveLength(16);
    expect(spanScenarios.filter((s) => s.weightPct === 100).map((s) => s.moveThirds)).toEqual([
      0, 0, 1, 1, -1, -1, 2, 2, -2, -2, 3, 3, -3, -3,
    ]);
    expect(spanScenarios.slice(14)).toEqual([
      { id: 15, moveThirds: 9, volatility: 'up', weightPct: 35 },
      { id: 16, moveThirds: -9, volatility: 'down', weightPct: 35 },
    ]);
  });

  it('charges an outright 1.05 scan ranges (the extreme scenario), rounded up', () => {
    // 6,000 ticks x 100 cents x 12% = 72,000 cents scan range; x 1.05 = 75,600.
    const risk = riskArrayOf(6000, 100n, params);
    expect(risk.scanRangeMinor).toBe(72_000n);
    const long = productMargin([{ netLots: 10, risk }], params);
    expect(long).toMatchObject({ scanRiskMinor: 756_000n, worstScenario: 16, spreads: 0, initialMinor: 756_000n });
    expect(long.maintenanceMinor).toBe(687_273n); // ceil(756,000 x 10 / 11)
    expect(productMargin([{ netLots: -10, risk }], params).worstScenario).toBe(15);
    // An odd scan range: 7 ticks x 1 cent x 1% = 0.07 -> 1 cent; x 1.05 per lot, 3 lots = 3.15 -> 4.
    expect(productMargin([{ netLots: 3, risk: riskArrayOf(7, 1n, { ...params, scanRangeBps: 100 }) }], params).scanRiskMinor).toBe(4n);
  });

  it('nets months in the scan and adds the spread charge', () => {
    const z = riskArrayOf(6000, 100n, params);
    const h = riskArrayOf(6100, 100n, params);
    const spread = productMargin(
      [
        { netLots: 10, risk: z },
        { netLots: -10, risk: h },
      ],
      params,
    );
    // Scan: 10 x (73,200 - 72,000) x 1.05 = 12,600 on the down-extreme for the short back month... up-extreme loses.
    expect(spread.scanRiskMinor).toBe(12_600n);
    expect(spread.spreads).toBe(10);
    expect(spread.spreadChargeMinor).toBe(10n * 18_300n); // 3% of 610,000
    expect(spread.initialMinor).toBe(12_600n + 183_000n);
    expect(spread.initialMinor).toBeLessThan(productMargin([{ netLots: 10, risk: z }], params).initialMinor * 2n);
  });

  it('is zero for no position and exact beyond 2^53 through bigint', () => {
    const risk = riskArrayOf(1_000_000, 1_000_000n, params);
    expect(productMargin([], params).initialMinor).toBe(0n);
    const huge = productMargin([{ netLots: 1_000_000_000, risk }], params);
    // psr = 1e6 x 1e6 x 0.12 = 1.2e11; 1.05 x psr x 1e9 lots, beyond 2^53.
    expect(huge.scanRiskMinor).toBe((120_000_000_000n * 105n * 1_000_000_000n) / 100n);
    expect(() => riskArrayOf(2_000_000_000, 1_000_000n, params)).toThrow(/too large/);
  });

  it('gives the initial margin of productMargin through its shortcut, in number and in bigint range', () => {
    const line = fc.record({
      netLots: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -1_000_000_000, max: 1_000_000_000 })),
      priceTicks: fc.integer({ min: 1, max: 1_000_000 }),
      tickValueMinor: fc.oneof(fc.constantFrom(1n, 100n), fc.bigInt({ min: 1n, max: 100_000n })),
      scanRangeBps: fc.integer({ min: 1, max: 100_000 }),
      spreadChargeBps: fc.integer({ min: 0, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 4 }), (drawn) => {
        const lines = drawn.map((l) => ({
          netLots: l.netLots,
          risk: riskArrayOf(l.priceTicks, l.tickValueMinor, {
            ...params,
            scanRangeBps: l.scanRangeBps,
            spreadChargeBps: l.spreadChargeBps,
          }),
        }));
        expect(productInitialMinor(lines)).toBe(productMargin(lines, params).initialMinor);
      }),
      { numRuns: 2_000 },
    );
  });
});
