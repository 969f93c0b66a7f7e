/**
 * Positions in exact integers: average cost, realised P&L on reducing and flipping
 * trades, variation margin against the mark, and realised + unrealised = total P&L.
 */
import { describe, expect, it } from 'vitest';
import { applyTrade, averagePriceOf, divideHalfEvenSigned, markToMarket, newPosition, unrealisedTicksLots } from './position.ts';

describe('position', () => {
  it('keeps an exact average price and realises against it', () => {
    const p = newPosition();
    applyTrade(p, 2, 100);
    applyTrade(p, 1, 103);
    expect(averagePriceOf(p)).toEqual({ num: 303n, den: 3n });
    // Sell 1 at 110: cost taken = 303 / 3 = 101; realised 9.
    expect(applyTrade(p, -1, 110)).toBe(9n);
    expect(p.netLots).toBe(2);
    expect(p.openCostTicksLots).toBe(202n);
    // Flip: sell 3 at 90 closes 2 (realised -22) and opens a short of 1 at 90.
    expect(applyTrade(p, -3, 90)).toBe(-22n);
    expect(p.netLots).toBe(-1);
    expect(averagePriceOf(p)).toEqual({ num: 90n, den: 1n });
    expect(unrealisedTicksLots(p, 80)).toBe(10n);
  });

  it('rounds the cost taken away half-even and keeps the total exact', () => {
    const p = newPosition();
    applyTrade(p, 1, 100);
    applyTrade(p, 1, 101);
    applyTrade(p, 1, 101);
    // Closing 1 of 3 at cost 302: 100.67 -> 101 taken, 201 stays.
    expect(applyTrade(p, -1, 100)).toBe(-1n);
    const total = p.realisedTicksLots + unrealisedTicksLots(p, 105);
    expect(total).toBe(-100n - 101n - 101n + 100n + 2n * 105n);
    expect(divideHalfEvenSigned(5n, 2n)).toBe(2n);
    expect(divideHalfEvenSigned(-7n, 2n)).toBe(-4n);
    expect(divideHalfEvenSigned(7n, -2n)).toBe(-4n);
  });

  it('marks trades since the last mark and re-bases', () => {
    const p = newPosition();
    applyTrade(p, 5, 100);
    expect(markToMarket(p, 102)).toBe(10n);
    applyTrade(p, -2, 104);
    expect(markToMarket(p, 101)).toBe(3n * 101n + 2n * 104n - 5n * 102n);
    expect(markToMarket(p, 101)).toBe(0n);
  });
});
