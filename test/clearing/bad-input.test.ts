/**
 * Bad input is rejected with its code and changes nothing: a withdrawal beyond the
 * excess, a deposit in an unknown currency or of a non-positive amount, unknown accounts,
 * a settlement run for a cycle already run or out of order, a missing settlement price,
 * trades and orders in a contract after its final settlement, an order margin cannot cover.
 */
import { describe, expect, it } from 'vitest';
import { back, front, newHouse, ok, snapshot, trade, usd } from './fixtures.ts';

function setUp() {
  const house = newHouse();
  ok(house.addMember('A'));
  ok(house.addMember('B'));
  ok(house.openAccount('A-1', 'A', 'customer'));
  ok(house.openAccount('B-1', 'B', 'house'));
  ok(house.deposit('A-1', usd, 1_000_000n, 0));
  ok(house.deposit('B-1', usd, 1_000_000n, 0));
  ok(house.applyTrade(trade(front, 'A-1', 'B-1', 10, 6000)));
  return house;
}

describe('bad clearing input', () => {
  it('rejects each with its code and leaves the books unchanged', () => {
    const house = setUp();
    // A: 1,000,000 - 1,000 fee = 999,000 equity; initial margin 10 x 75,600 = 756,000; excess 243,000.
    expect(house.excessMinor('A-1', usd)).toBe(243_000n);
    const before = snapshot(house);
    const cases = [
      [house.withdraw('A-1', usd, 243_001n), 6006, 'withdrawal_exceeds_excess'],
      [house.deposit('A-1', 'EUR', 100n, 0), 6004, 'currency_unknown'],
      [house.deposit('A-1', usd, 0n, 0), 6005, 'amount_not_positive'],
      [house.withdraw('A-1', usd, -5n), 6005, 'amount_not_positive'],
      [house.deposit('Z-9', usd, 100n, 0), 6001, 'clearing_account_unknown'],
      [house.openAccount('A-1', 'A', 'house'), 6002, 'clearing_account_exists'],
      [house.openAccount('N-1', 'N', 'house'), 6003, 'clearing_member_unknown'],
      [house.contributeDefaultFund('N', usd, 1n), 6003, 'clearing_member_unknown'],
      [house.runSettlement('2026-11-02', 'end_of_day', new Map([[back, 6100]]), 0), 6009, 'settlement_price_missing'],
      [house.runSettlement('2026-11-02', 'end_of_day', new Map([[front, 0]]), 0), 1003, 'field_invalid'],
      [house.runSettlement('2026-11-02', 'end_of_day', new Map([['XYZZ26', 1]]), 0), 6012, 'instrument_not_cleared'],
      [house.applyTrade(trade('XYZZ26', 'A-1', 'B-1', 1, 1)), 6012, 'instrument_not_cleared'],
      [house.applyTrade(trade(front, 'A-1', 'Z-9', 1, 6000)), 6001, 'clearing_account_unknown'],
      [house.checkOrder('A-1', { symbol: front, side: 'buy', leavesQtyLots: 4, priceTicks: 6000 }, []), 6007, 'margin_insufficient'],
    ] as const;
    for (const [result, code, name] of cases) {
      expect(result, name).toMatchObject({ ok: false, code, name });
      expect(snapshot(house), name).toBe(before);
    }
    ok(house.checkOrder('A-1', { symbol: front, side: 'buy', leavesQtyLots: 3, priceTicks: 6000 }, []));
    ok(house.withdraw('A-1', usd, 243_000n));
    expect(house.excessMinor('A-1', usd)).toBe(0n);
  });

  it('counts working orders at their worst case and the fill-price loss', () => {
    const house = setUp();
    // 243,000 excess buys 3 more lots (226,800) but not 3 more plus 1 working buy.
    const order = { symbol: front, side: 'buy', leavesQtyLots: 3, priceTicks: 6000 } as const;
    expect(house.checkOrder('A-1', order, [{ ...order, leavesQtyLots: 1 }])).toMatchObject({ name: 'margin_insufficient' });
    // Working sells of 15 leave -5 in the all-sells case; the all-buys case (13 long, 982,800) decides.
    ok(house.checkOrder('A-1', order, [{ symbol: front, side: 'sell', leavesQtyLots: 15, priceTicks: 6000 }]));
    // ... but 30 working sells would leave A short 20 (1,512,000): the all-sells case rejects.
    expect(house.checkOrder('A-1', order, [{ symbol: front, side: 'sell', leavesQtyLots: 30, priceTicks: 6000 }])).toMatchObject({
      name: 'margin_insufficient',
    });
    // A buy limit 200 ticks above the reference adds 3 x 200 x 100 = 60,000 of fill-price loss.
    expect(house.checkOrder('A-1', { ...order, priceTicks: 6200 }, [])).toMatchObject({ name: 'margin_insufficient' });
  });

  it('rejects a settlement cycle run twice, or out of order, and final settlement twice', () => {
    const house = setUp();
    const prices = new Map([[front, 6000]]);
    ok(house.runSettlement('2026-11-02', 'intraday', prices, 1));
    ok(house.runSettlement('2026-11-02', 'end_of_day', prices, 2));
    const before = snapshot(house);
    expect(house.runSettlement('2026-11-02', 'end_of_day', prices, 3)).toMatchObject({
      ok: false,
      code: 6008,
      name: 'settlement_already_run',
    });
    expect(house.runSettlement('2026-11-02', 'intraday', prices, 3)).toMatchObject({ code: 6008 });
    expect(house.runSettlement('2026-11-01', 'end_of_day', prices, 3)).toMatchObject({ code: 6010, name: 'settlement_date_out_of_order' });
    expect(snapshot(house)).toBe(before);
    ok(house.finalSettle(front, '2026-12-31', 6100));
    const settled = snapshot(house);
    expect(house.finalSettle(front, '2026-12-31', 6100)).toMatchObject({ code: 6013, name: 'contract_final_settled' });
    expect(house.applyTrade(trade(front, 'A-1', 'B-1', 1, 6000))).toMatchObject({ code: 6013 });
    expect(house.checkOrder('A-1', { symbol: front, side: 'buy', leavesQtyLots: 1, priceTicks: 1 }, [])).toMatchObject({ code: 6013 });
    expect(snapshot(house)).toBe(settled);
  });
});
