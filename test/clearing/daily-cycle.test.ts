/**
 * A clearing day told in the domain's terms: trades, an intraday and an end-of-day
 * variation margin cycle, a margin call met by a deposit, the daily statements in JSON
 * and CSV, then expiry: final settlement closes every position and moves the last cash.
 */
import { describe, expect, it } from 'vitest';
import { statementCsv } from '../../src/core/clearing/index.ts';
import { back, front, ledgerBalances, newHouse, ok, trade, usd } from './fixtures.ts';

describe('a clearing day', () => {
  it('marks intraday and at the close, calls margin, writes statements, settles at expiry', () => {
    const house = newHouse();
    ok(house.addMember('A'));
    ok(house.addMember('B'));
    ok(house.openAccount('A-1', 'A', 'customer'));
    ok(house.openAccount('B-1', 'B', 'house'));
    ok(house.deposit('A-1', usd, 300_000n, 0));
    ok(house.deposit('B-1', usd, 5_000_000n, 0));
    ok(house.applyTrade(trade(front, 'A-1', 'B-1', 10, 6000)));
    ok(house.applyTrade(trade(back, 'B-1', 'A-1', 4, 6100, 'sell')));

    const intraday = ok(
      house.runSettlement(
        '2026-11-02',
        'intraday',
        new Map([
          [front, 6010],
          [back, 6100],
        ]),
        1,
      ),
    );
    expect(intraday.filter((e) => e.type === 'VariationMarginPosted').map((e) => [e.account, e.amountMinor])).toEqual([
      ['A-1', 10_000n],
      ['B-1', -10_000n],
    ]);
    // Intraday initial margin: 1.05 x (10 x 72,120 - 4 x 73,200) + 4 x 18,300 = 523,020 against equity 308,600.
    expect(intraday.at(-1)).toMatchObject({ type: 'MarginCallIssued', account: 'A-1', equityMinor: 308_600n, amountMinor: 214_420n });
    ok(house.applyTrade(trade(front, 'B-1', 'A-1', 3, 6020, 'buy')));
    // At the close front falls 400 ticks: A (long 7 + 3 sold at 6,020, short 4 back) pays.
    const eod = ok(
      house.runSettlement(
        '2026-11-02',
        'end_of_day',
        new Map([
          [front, 5600],
          [back, 5750],
        ]),
        2,
      ),
    );
    const vmA = eod.find((e) => e.type === 'VariationMarginPosted' && e.account === 'A-1');
    // front: 7 x 5,600 - (10 x 6,010 - 3 x 6,020) = -2,840 ticks; back: short 4 from 6,100 to 5,750 = +1,400 ticks.
    expect(vmA).toMatchObject({ amountMinor: (-2_840n + 1_400n) * 100n });
    expect(eod.at(-1)?.type).toBe('SettlementCycleCompleted'); // the open call stays open; no second call
    // Initial: 1.05 x (7 x 67,200 - 4 x 69,000) scan + 4 spreads x 17,250 = 273,120; maintenance 248,291.
    expect(house.marginOf('A-1').byCurrency.get(usd)).toEqual({ initialMinor: 273_120n, maintenanceMinor: 248_291n });
    const call = house.openCallOf('A-1');
    expect(call?.amountMinor).toBe(214_420n);

    const statement = house.statementOf('A-1');
    expect(statement).toMatchObject({ account: 'A-1', member: 'A', date: '2026-11-02' });
    expect(
      statement?.positions.map((p) => [p.symbol, p.netLots, p.boughtLots, p.soldLots, p.averagePriceTicks, p.settlementPriceTicks]),
    ).toEqual([
      [front, 7, 10, 3, '42000/7', 5600],
      [back, -4, 0, 4, '24400/4', 5750],
    ]);
    const cash = statement?.cash[0];
    expect(cash).toMatchObject({
      currency: usd,
      openingMinor: '0',
      depositsMinor: '300000',
      feesMinor: '1550',
      variationMarginMinor: '-134000',
    });
    expect(BigInt(cash?.closingMinor ?? '0')).toBe(300_000n - 1_550n - 134_000n);
    expect(BigInt(cash?.excessMinor ?? '0')).toBeLessThan(0n);
    const csv = statementCsv(statement!);
    expect(csv.split('\n').slice(0, 4)).toEqual([
      '# account A-1, member A, date 2026-11-02',
      'symbol,netLots,boughtLots,soldLots,averagePriceTicks,settlementPriceTicks,realisedMinor,unrealisedMinor',
      `${front},7,10,3,42000/7,5600,6000,-280000`,
      `${back},-4,0,4,24400/4,5750,0,140000`,
    ]);

    // The call is met by depositing its amount before the deadline.
    const met = ok(house.deposit('A-1', usd, call!.amountMinor, 3));
    expect(met.map((e) => e.type)).toEqual(['CollateralDeposited', 'MarginCallMet']);
    expect(ok(house.enforceMarginCalls(call!.deadlineMs + 1))).toEqual([]);

    // Expiry of the front month at 5,500.
    const final = ok(house.finalSettle(front, '2026-12-31', 5500));
    expect(final.filter((e) => e.type === 'FinalSettlementPosted').map((e) => [e.account, e.closedLots, e.amountMinor])).toEqual([
      ['A-1', 7, -70_000n],
      ['B-1', 7, 70_000n],
    ]);
    expect(house.openInterestLots(front)).toBe(0);
    expect(house.positionOf('A-1', back)?.netLots).toBe(-4);
    ok(house.runSettlement('2026-12-31', 'end_of_day', new Map([[back, 5700]]), 4));
    expect(house.statementOf('A-1')?.positions.map((p) => p.symbol)).toEqual([back]);
    expect(house.statementOf('A-1')?.cash[0]?.finalSettlementMinor).toBe('-70000');
    expect(ledgerBalances(house)).toBe(true);
  });
});
