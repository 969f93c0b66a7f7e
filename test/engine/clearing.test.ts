/**
 * The clearing house inside the engine: journaled clearing commands, fills cleared in
 * the same apply, variation margin that sums to zero, and snapshot/restore and replay
 * reaching the same state hash with clearing state included.
 */
import { describe, expect, it } from 'vitest';
import { Engine, type EngineCommand, type EngineEvent } from '../../src/core/engine/index.ts';
import { listTokz26, order, symbol, tokClearing } from './fixtures.ts';
import { rejectCode } from '../../src/core/kernel/index.ts';

const setUp: EngineCommand[] = [
  listTokz26(500),
  ...tokClearing(symbol, 6_374, { skinInTheGameMinor: '1000000', makerFee: '10', takerFee: '20' }),
  { type: 'AddClearingMember', member: 'M1' },
  { type: 'OpenClearingAccount', account: 'alice', member: 'M1', kind: 'customer' },
  { type: 'OpenClearingAccount', account: 'bob', member: 'M1', kind: 'customer' },
  { type: 'MoveCollateral', movement: 'deposit', party: 'alice', currency: 'USD', amountMinor: '10000000' },
  { type: 'MoveCollateral', movement: 'deposit', party: 'bob', currency: 'USD', amountMinor: '10000000' },
];

const trading: EngineCommand[] = [
  order('alice', 'sell', 2, 6_400, 'a1'),
  order('bob', 'buy', 2, 6_400, 'b1'),
  { type: 'RunSettlement', date: '2026-11-23', cycle: 'end_of_day', prices: [[symbol, 6_450]] },
];

function run(engine: Engine, commands: readonly EngineCommand[], from = 1): EngineEvent[][] {
  return commands.map((command, i) => engine.apply(command, { seq: from + i, tsMs: 1_000 + from + i }));
}

describe('clearing in the engine', () => {
  it('clears fills in the same apply and pays variation margin that sums to zero', () => {
    const engine = new Engine();
    expect(
      run(engine, setUp)
        .flat()
        .filter((e) => e.type === 'ClearingCommandRejected'),
    ).toEqual([]);
    const [sell, buy, settle] = run(engine, trading, setUp.length + 1);
    expect(sell!.some((e) => e.type === 'TradeCleared')).toBe(false);
    const cleared = buy!.filter((e) => e.type === 'TradeCleared');
    expect(cleared.map((e) => [e.account, e.signedQtyLots, e.feeMinor])).toEqual([
      ['bob', 2, 40n],
      ['alice', -2, 20n],
    ]);
    const vm = settle!.filter((e) => e.type === 'VariationMarginPosted');
    // 50 ticks x 2 lots x 100 cents: bob is paid 10,000, alice pays 10,000.
    expect(vm.map((e) => [e.account, e.amountMinor])).toEqual([
      ['alice', -10_000n],
      ['bob', 10_000n],
    ]);
    expect(vm.reduce((sum, e) => sum + e.amountMinor, 0n)).toBe(0n);
    expect(engine.clearing!.positionOf('bob', symbol)!.netLots).toBe(2);
  });

  it('rejects bad clearing commands with codes and changes nothing', () => {
    const engine = new Engine();
    const [early] = run(engine, [{ type: 'AddClearingMember', member: 'M1' }]);
    expect(early).toEqual([expect.objectContaining({ type: 'ClearingCommandRejected', name: 'field_invalid' })]);
    run(engine, setUp, 2);
    const before = engine.stateHash();
    const bad: EngineCommand[] = [
      { type: 'MoveCollateral', movement: 'deposit', party: 'alice', currency: 'EUR', amountMinor: '100' },
      { type: 'MoveCollateral', movement: 'deposit', party: 'alice', currency: 'USD', amountMinor: '-5' },
      { type: 'MoveCollateral', movement: 'withdrawal', party: 'alice', currency: 'USD', amountMinor: '99999999999' },
      { type: 'RegisterClearedInstrument', symbol, root: 'TOK', referencePriceTicks: 6_374 },
      { type: 'SetUpClearing', currencies: ['USD'], marginCallWindowMs: 1, skinInTheGameMinor: '0', assessmentMultiple: 0 },
    ];
    const outcomes = run(engine, bad, 2 + setUp.length);
    expect(outcomes.map((events) => events.map((e) => e.type))).toEqual(bad.map(() => ['ClearingCommandRejected']));
    const names = outcomes.map((events) => (events[0] as { name: string }).name);
    expect(names).toEqual(['currency_unknown', 'field_invalid', 'withdrawal_exceeds_excess', 'instrument_exists', 'field_invalid']);
    expect((outcomes[0]![0] as { code: number }).code).toBe(rejectCode('currency_unknown'));
    // Rejections change nothing but the log position: books and clearing state equal those
    // of an engine that never saw the rejected commands.
    const without = new Engine();
    run(without, [{ type: 'AddClearingMember', member: 'M1' }, ...setUp]);
    expect(without.stateHash()).toBe(before);
    const { matching, clearing } = engine.snapshot();
    expect(JSON.stringify({ matching, clearing })).toBe(
      JSON.stringify({ matching: without.snapshot().matching, clearing: without.snapshot().clearing }),
    );
  });

  it('snapshot, restore and replay reach the same state hash with clearing state', () => {
    const all = [...setUp, ...trading];
    const live = new Engine();
    run(live, all.slice(0, setUp.length + 1));
    const restored = Engine.restore(JSON.parse(JSON.stringify(live.snapshot())) as ReturnType<Engine['snapshot']>);
    expect(restored.stateHash()).toBe(live.stateHash());
    const tail = all.slice(setUp.length + 1);
    expect(run(restored, tail, setUp.length + 2)).toEqual(run(live, tail, setUp.length + 2));
    expect(restored.stateHash()).toBe(live.stateHash());
    const replayed = new Engine();
    all.forEach((command, i) => replayed.applyForReplay(command, { seq: i + 1, tsMs: 1_000 + i + 1 }));
    expect(replayed.stateHash()).toBe(live.stateHash());
  });

  it('admits an order only if the account equity covers margin with its working orders at worst case', () => {
    const engine = new Engine();
    run(engine, setUp);
    // Initial margin of one lot: 1.05 scan ranges of 10% on 6,374 ticks x 100 cents, about 67,000 cents.
    const poor: EngineCommand[] = [
      { type: 'OpenClearingAccount', account: 'carol', member: 'M1', kind: 'customer' },
      { type: 'MoveCollateral', movement: 'deposit', party: 'carol', currency: 'USD', amountMinor: '100000' },
    ];
    run(engine, poor, setUp.length + 1);
    let seq = setUp.length + poor.length + 1;
    const next = (command: EngineCommand): EngineEvent[] => engine.apply(command, { seq, tsMs: 1_000 + seq++ });
    expect(next(order('carol', 'buy', 1, 6_300, 'c1'))[0]).toMatchObject({ type: 'OrderAccepted' });
    // One more lot is within the collateral alone, but not with the first order working.
    const second = next(order('carol', 'buy', 1, 6_300, 'c2'));
    expect(second).toEqual([expect.objectContaining({ type: 'OrderRejected', name: 'margin_insufficient', clientOrderId: 'c2' })]);
    expect((second[0] as { reason: string }).reason.startsWith('account: ')).toBe(true);
    // An account the clearing house does not know cannot trade once clearing is set up.
    expect(next(order('dave', 'buy', 1, 6_300, 'd1'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'clearing_account_unknown' }),
    ]);
    // A malformed order is still refused by matching's own validation, naming its field.
    expect(next(order('carol', 'buy', 0, 6_300, 'c3'))).toEqual([expect.objectContaining({ name: 'qty_not_positive' })]);
    // After cancelling the first order, the second fits; a restored engine decides the same.
    next({ type: 'CancelOrder', symbol, account: 'carol', clientOrderId: 'c1' });
    const restored = Engine.restore(JSON.parse(JSON.stringify(engine.snapshot())) as ReturnType<Engine['snapshot']>);
    const again = order('carol', 'buy', 1, 6_300, 'c4');
    const ctx = { seq, tsMs: 1_000 + seq };
    expect(restored.apply(again, ctx)).toEqual(engine.apply(again, ctx));
    expect(engine.stateHash()).toBe(restored.stateHash());
    expect(engine.books.workingOrders(symbol).map((o) => o.clientOrderId)).toEqual(['c4']);
  });
});
