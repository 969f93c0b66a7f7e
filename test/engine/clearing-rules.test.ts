/**
 * Contract rules that need the clearing house (issues 5 and 6): position limits counted
 * with working orders, margin on a replace that adds risk, the end-of-day cycle paying
 * variation margin at the engine's own settlement prices, and final settlement at
 * expiry leaving no open position.
 */
import { describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../src/core/engine/index.ts';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';
import { TestMarket, limit } from './market.ts';
import { tokClearing } from './fixtures.ts';

const z26 = 'TOKZ26';

function clearedMarket(deposits: Readonly<Record<string, string>>): TestMarket {
  const market = new TestMarket([z26], 6_374).at('2026-12-01 00:00');
  const setUp: EngineCommand[] = [...tokClearing(z26, 6_374), { type: 'AddClearingMember', member: 'M1' }];
  for (const [account, amountMinor] of Object.entries(deposits)) {
    setUp.push(
      { type: 'OpenClearingAccount', account, member: 'M1', kind: 'customer' },
      { type: 'MoveCollateral', movement: 'deposit', party: account, currency: 'USD', amountMinor },
    );
  }
  for (const command of setUp) {
    const refused = market.apply(command).find((e) => e.type === 'ClearingCommandRejected');
    if (refused !== undefined) throw new Error(JSON.stringify(refused));
  }
  market.open(z26);
  return market;
}

describe('contract rules with clearing', () => {
  it('refuses an order that would take the spot-month position beyond its limit, counting working orders', () => {
    const market = clearedMarket({ big: '10000000000', seller: '10000000000' });
    // Spot month (December 2026 on 2026-12-01): 1,000 lots. 500 filled + 500 working = 1,000.
    market.apply(limit(z26, 'seller', 'sell', 500, 6_374, 's1'));
    expect(market.apply(limit(z26, 'big', 'buy', 500, 6_374, 'b1')).some((e) => e.type === 'OrderFilled')).toBe(true);
    expect(market.apply(limit(z26, 'big', 'buy', 500, 6_300, 'b2'))[0]).toMatchObject({ type: 'OrderAccepted' });
    const refused = market.apply(limit(z26, 'big', 'buy', 1, 6_300, 'b3'));
    expect(refused).toEqual([expect.objectContaining({ type: 'OrderRejected', name: 'position_limit_exceeded' })]);
    expect(refused[0]).toHaveProperty(
      'reason',
      'positionLimits.spotMonthLots: spot month TOKZ26 position would be 1001 lots, beyond the limit of 1000 (now 1000, order buy 1)',
    );
    // Selling reduces the position: always allowed.
    expect(market.apply(limit(z26, 'big', 'sell', 10, 6_400, 'b4'))[0]).toMatchObject({ type: 'OrderAccepted' });
    expect(market.replayHash()).toBe(market.engine.stateHash());
  });

  it('checks margin when a replace adds quantity, and lets a replace that lowers risk through', () => {
    // 1 lot at 6,374 needs about 10% of 6,374 x 100 cents = 63,740 cents of initial margin: 100,000 covers one lot.
    const market = clearedMarket({ small: '100000' });
    expect(market.apply(limit(z26, 'small', 'buy', 1, 6_300, 'o1'))[0]).toMatchObject({ type: 'OrderAccepted' });
    const bigger = market.apply({ type: 'ReplaceOrder', symbol: z26, account: 'small', clientOrderId: 'o1', qtyLots: 5 as Lots });
    expect(bigger).toEqual([expect.objectContaining({ type: 'OrderRejected', command: 'ReplaceOrder', name: 'margin_insufficient' })]);
    expect(market.engine.books.workingOrders(z26)[0]).toMatchObject({ qtyLots: 1, priceTicks: 6_300 });
    const lower = market.apply({ type: 'ReplaceOrder', symbol: z26, account: 'small', clientOrderId: 'o1', priceTicks: 6_200 as Ticks });
    expect(lower[0]).toMatchObject({ type: 'OrderReplaced' });
  });

  it('pays variation margin at the engine settlement price and final-settles the expired contract flat', () => {
    const market = clearedMarket({ alice: '10000000', bob: '10000000' });
    market.apply(limit(z26, 'alice', 'sell', 2, 6_400, 'a1'));
    market.apply(limit(z26, 'bob', 'buy', 2, 6_400, 'b1'));
    market.at('2026-12-01 19:59').apply(limit(z26, 'alice', 'sell', 1, 6_450, 'a2'));
    market.apply(limit(z26, 'bob', 'buy', 1, 6_450, 'b2'));
    market.at('2026-12-01 20:00').close(z26);
    const eod = market.at('2026-12-01 20:30').apply({ type: 'RunDailySettlement', date: '2026-12-01', cycle: 'end_of_day' });
    expect(eod.find((e) => e.type === 'SettlementPriceComputed')).toMatchObject({ priceTicks: 6_450, tier: 'closing_window_vwap' });
    const vm = eod.filter((e) => e.type === 'VariationMarginPosted');
    // Bob bought 2 at 6,400 and 1 at 6,450: marked at 6,450 he gains 2 x 50 ticks x 100 cents; alice pays it.
    expect(vm.map((e) => [e.account, e.amountMinor])).toEqual([
      ['alice', -10_000n],
      ['bob', 10_000n],
    ]);
    expect(vm.reduce((sum, e) => sum + e.amountMinor, 0n)).toBe(0n);
    // Expiry after the last trading day, then final settlement at the benchmark's value.
    market.at('2027-01-04 00:00').apply({ type: 'ExpireContract', symbol: z26 });
    const final = market.apply({ type: 'FinalSettleContract', symbol: z26, priceTicks: 6_500 as Ticks });
    expect(final.some((e) => e.type === 'InstrumentStateChanged')).toBe(true);
    expect(final.some((e) => e.type === 'ClearingCommandRejected')).toBe(false);
    const house = market.engine.clearing!;
    expect(house.netPositionsOf('alice')).toEqual([]);
    expect(house.netPositionsOf('bob')).toEqual([]);
    expect(market.replayHash()).toBe(market.engine.stateHash());
  });
});
