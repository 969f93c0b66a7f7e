/**
 * A whole default through the engine: a member's customer loses more than its margin,
 * misses the call, its working orders are cancelled and its position is closed out
 * through the market in the same command, and the waterfall absorbs the loss; other
 * accounts' collateral moves only by their own trades and variation margin.
 */
import { describe, expect, it } from 'vitest';
import { Engine, type EngineCommand, type EngineEvent } from '../../src/core/engine/index.ts';
import { listTokz26, order, symbol, tokClearing } from './fixtures.ts';

const hour = 3_600_000;

const setUp: EngineCommand[] = [
  listTokz26(2_000),
  ...tokClearing(symbol, 6_400, { marginCallWindowMs: hour, skinInTheGameMinor: '5000' }),
  { type: 'AddClearingMember', member: 'M1' },
  { type: 'AddClearingMember', member: 'M2' },
  { type: 'OpenClearingAccount', account: 'alice', member: 'M1', kind: 'customer' },
  { type: 'OpenClearingAccount', account: 'bob', member: 'M2', kind: 'customer' },
  { type: 'OpenClearingAccount', account: 'mm', member: 'M2', kind: 'house' },
  { type: 'MoveCollateral', movement: 'deposit', party: 'alice', currency: 'USD', amountMinor: '220000' },
  { type: 'MoveCollateral', movement: 'deposit', party: 'bob', currency: 'USD', amountMinor: '10000000' },
  { type: 'MoveCollateral', movement: 'deposit', party: 'mm', currency: 'USD', amountMinor: '10000000' },
  { type: 'MoveCollateral', movement: 'default_fund', party: 'M1', currency: 'USD', amountMinor: '20000' },
  { type: 'MoveCollateral', movement: 'own_capital', currency: 'USD', amountMinor: '5000' },
  { type: 'MoveCollateral', movement: 'default_fund', party: 'M2', currency: 'USD', amountMinor: '100000' },
];

describe('a default through the engine', () => {
  it('misses the call, is cancelled and closed out through the market, and the waterfall absorbs the loss', () => {
    const engine = new Engine();
    let seq = 0;
    let tsMs = 1_000_000;
    const apply = (command: EngineCommand, advanceMs = 1): EngineEvent[] => {
      tsMs += advanceMs;
      return engine.apply(command, { seq: ++seq, tsMs });
    };
    for (const command of setUp) expect(apply(command).filter((e) => e.type === 'ClearingCommandRejected')).toEqual([]);
    const bobBefore = engine.clearing!.collateralMinor('bob', 'USD');

    apply(order('bob', 'sell', 2, 6_400, 'b1'));
    expect(apply(order('alice', 'buy', 2, 6_400, 'a1')).some((e) => e.type === 'TradeCleared')).toBe(true);
    apply(order('alice', 'buy', 1, 5_000, 'a2')); // a working order the default must cancel
    apply(order('mm', 'buy', 5, 4_900, 'm1')); // the bid the close-out will hit

    // The price falls 1,400 ticks: alice loses 280,000, more than her 220,000, and gets a call.
    const settle = apply({ type: 'RunSettlement', date: '2026-11-23', cycle: 'end_of_day', prices: [[symbol, 5_000]] });
    expect(settle.filter((e) => e.type === 'MarginCallIssued').map((e) => e.account)).toEqual(['alice']);

    // Too early: nothing happens. After the deadline: default, cancel, close-out through the market.
    expect(apply({ type: 'EnforceMarginCalls' })).toEqual([]);
    const enforced = apply({ type: 'EnforceMarginCalls' }, hour);
    expect(enforced.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'MarginCallMissed',
        'DefaultDeclared',
        'CancelWorkingOrdersRequested',
        'CloseOutRequested',
        'OrderCancelled',
      ]),
    );
    const cancelled = enforced.filter((e) => e.type === 'OrderCancelled');
    expect(cancelled.map((e) => [e.clientOrderId, e.reason])).toContainEqual(['a2', 'mass_cancel']);
    const closeOut = enforced.filter((e) => e.type === 'OrderFilled');
    expect(closeOut.map((e) => [e.takerAccount, e.takerClientOrderId, e.priceTicks, e.qtyLots])).toEqual([
      ['alice', `closeout-${seq}-${symbol}`, 4_900, 2],
    ]);
    expect(engine.clearing!.positionOf('alice', symbol)!.netLots).toBe(0);

    // Marked at the close-out price, alice lost 300,000: her margin (all of her 220,000) first, then
    // her member's fund 20,000, the clearing house's own 5,000, then the surviving member's fund.
    apply({ type: 'RunSettlement', date: '2026-11-24', cycle: 'end_of_day', prices: [[symbol, 4_900]] });
    const waterfall = apply({ type: 'RunDefaultWaterfall', account: 'alice' }).filter((e) => e.type === 'WaterfallStepApplied');
    expect(waterfall.filter((e) => e.amountMinor > 0n).map((e) => [e.step, e.amountMinor])).toEqual([
      ['defaulter_margin', 220_000n],
      ['defaulter_default_fund', 20_000n],
      ['ccp_capital', 5_000n],
      ['members_default_fund', 55_000n],
    ]);
    // bob's collateral moved only by his own variation margin: (1,400 + 100) ticks x 2 lots x 100 cents.
    expect(engine.clearing!.collateralMinor('bob', 'USD') - bobBefore).toBe(300_000n);
    // The same log replayed gives the same state.
    expect(Engine.restore(JSON.parse(JSON.stringify(engine.snapshot())) as ReturnType<Engine['snapshot']>).stateHash()).toBe(
      engine.stateHash(),
    );
  });
});
