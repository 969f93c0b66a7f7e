/**
 * A whole default, told as a clearing scenario: member A is long 100 TOKZ26 against B;
 * the price falls 1,000 ticks overnight (10,000,000 cents); A's collateral of 8,000,000
 * cannot pay, a margin call is issued and missed, A defaults, its orders are cancelled and
 * the position is closed out through the market (C buys at 4,900), and the next cycle
 * marks the close-out. The waterfall then covers the 3,000,000 left in order: A's margin,
 * A's default-fund contribution, the clearing house's skin in the game, B and C's default
 * fund pro rata; no assessment is needed. B's and C's collateral move only by their own
 * fees and variation margin.
 */
import { describe, expect, it } from 'vitest';
import { minor } from '../../src/core/kernel/index.ts';
import type { ClearingEvent } from '../../src/core/clearing/index.ts';
import { front, ledgerBalances, newHouse, ok, trade, usd } from './fixtures.ts';

const hour = 3_600_000;
const day1 = 1_800_000_000_000;

describe('a member default', () => {
  it('is absorbed by the waterfall in order', () => {
    const house = newHouse({ skinInTheGameMinor: 500_000n });
    for (const m of ['A', 'B', 'C']) ok(house.addMember(m));
    ok(house.openAccount('A-H', 'A', 'house'));
    ok(house.openAccount('B-H', 'B', 'house'));
    ok(house.openAccount('C-H', 'C', 'house'));
    ok(house.deposit('A-H', usd, 8_000_000n, day1));
    ok(house.deposit('B-H', usd, 10_000_000n, day1));
    ok(house.deposit('C-H', usd, 10_000_000n, day1));
    ok(house.contributeDefaultFund('A', usd, 1_000_000n));
    ok(house.contributeDefaultFund('B', usd, 2_000_000n));
    ok(house.contributeDefaultFund('C', usd, 1_000_000n));
    ok(house.fundOwnCapital(usd, 2_000_000n));

    // A buys 100 at 6.000 from B: initial margin 100 x ceil(1.05 x 72,000) = 7,560,000 <= 8,000,000.
    ok(house.checkOrder('A-H', { symbol: front, side: 'buy', leavesQtyLots: 100, priceTicks: 6000 }, []));
    ok(house.applyTrade(trade(front, 'A-H', 'B-H', 100, 6000, 'buy')));
    expect(house.marginOf('A-H').byCurrency.get(usd)?.initialMinor).toBe(7_560_000n);
    ok(house.runSettlement('2026-11-02', 'end_of_day', new Map([[front, 6000]]), day1 + 20 * hour));

    // Overnight the price falls to 5.000: A pays 10,000,000 of variation margin it does not have.
    const eod2 = ok(house.runSettlement('2026-11-03', 'end_of_day', new Map([[front, 5000]]), day1 + 44 * hour));
    const vm = eod2.filter((e) => e.type === 'VariationMarginPosted');
    expect(vm.map((e) => [e.account, e.amountMinor])).toEqual([
      ['A-H', -10_000_000n],
      ['B-H', 10_000_000n],
    ]);
    const call = eod2.find((e) => e.type === 'MarginCallIssued');
    expect(call).toMatchObject({ account: 'A-H', equityMinor: -2_010_000n, initialMinor: 6_300_000n, amountMinor: 8_310_000n });
    const bBefore = house.collateralMinor('B-H', usd);
    const cBefore = house.collateralMinor('C-H', usd);

    // The deadline passes without a deposit: default, cancel, close out.
    expect(ok(house.enforceMarginCalls(day1 + 44 * hour + 1))).toEqual([]);
    const enforced = ok(house.enforceMarginCalls(day1 + 45 * hour));
    expect(enforced.map((e) => e.type)).toEqual([
      'MarginCallMissed',
      'DefaultDeclared',
      'CancelWorkingOrdersRequested',
      'CloseOutRequested',
    ]);
    expect(enforced[3]).toEqual({ type: 'CloseOutRequested', account: 'A-H', symbol: front, side: 'sell', qtyLots: 100 });
    expect(house.isInDefault('A-H')).toBe(true);
    expect(house.withdraw('A-H', usd, 1n)).toMatchObject({ ok: false, name: 'account_in_default' });

    // The clearing house's close-out sell meets C's bid at 4.900; the intraday cycle marks it.
    const closeOut = ok(house.applyTrade(trade(front, 'C-H', 'A-H', 100, 4900, 'sell')));
    const intraday = ok(house.runSettlement('2026-11-04', 'intraday', new Map([[front, 4900]]), day1 + 56 * hour));
    const ownFlows = (account: string): bigint =>
      [...closeOut, ...intraday].reduce((sum, e) => {
        if (e.type === 'VariationMarginPosted' && e.account === account) return sum + e.amountMinor;
        if (e.type === 'TradeCleared' && e.account === account) return sum - e.feeMinor;
        return sum;
      }, 0n);
    expect(house.positionOf('A-H', front)?.netLots).toBe(0);
    const aBalance = house.collateralMinor('A-H', usd);
    expect(aBalance).toBe(-3_020_000n); // 8,000,000 - 10,000 - 10,000 fees - 10,000,000 - 1,000,000

    const waterfall = ok(house.runDefaultWaterfall('A-H'));
    const steps = waterfall.filter((e): e is Extract<ClearingEvent, { type: 'WaterfallStepApplied' }> => e.type === 'WaterfallStepApplied');
    expect(steps.map((s) => [s.step, s.amountMinor, s.remainingMinor])).toEqual([
      ['defaulter_margin', 8_000_000n, 3_020_000n],
      ['defaulter_default_fund', 1_000_000n, 2_020_000n],
      ['ccp_capital', 500_000n, 1_520_000n],
      ['members_default_fund', 1_520_000n, 0n],
      ['assessments', 0n, 0n],
    ]);
    expect(steps[3]?.byMember).toEqual([
      { member: 'B', amountMinor: minor(1_013_333n) },
      { member: 'C', amountMinor: minor(506_667n) },
    ]);
    expect(waterfall.some((e) => e.type === 'DefaultLossUncovered')).toBe(false);
    expect(house.collateralMinor('A-H', usd)).toBe(0n);
    expect(house.defaultFundMinor('A', usd)).toBe(0n);
    expect(house.defaultFundMinor('B', usd)).toBe(2_000_000n - 1_013_333n);
    expect(house.defaultFundMinor('C', usd)).toBe(1_000_000n - 506_667n);

    // B's and C's collateral moved only by their own variation margin and fees.
    expect(ownFlows('B-H')).toBe(1_000_000n); // B is short 100 from 5.000 to 4.900
    expect(house.collateralMinor('B-H', usd)).toBe(bBefore + ownFlows('B-H'));
    expect(ownFlows('C-H')).toBe(-5_000n); // the maker fee of C's bid; bought at 4.900, marked at 4.900
    expect(house.collateralMinor('C-H', usd)).toBe(cBefore + ownFlows('C-H'));
    expect(ledgerBalances(house)).toBe(true);
  });
});
