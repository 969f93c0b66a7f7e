/**
 * The contract rules on the engine's order path: with the TOK product listed and a prior
 * settlement set, orders beyond the daily limit (10% of 6.374) or the price band (5%
 * around the reference) are refused with their codes and change nothing; a replace to
 * such a price is refused too; orders wait for the session; the rules' state is in the
 * snapshot and replays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instrumentSpecOf, validateProductSpec } from '../../src/core/contracts/index.ts';
import { Engine, type EngineCommand, type EngineEvent } from '../../src/core/engine/index.ts';
import { order, symbol } from './fixtures.ts';
import type { Ticks } from '../../src/core/kernel/index.ts';

const tokSpec: unknown = JSON.parse(readFileSync(new URL('../../products/tok.json', import.meta.url), 'utf8'));
const validated = validateProductSpec(tokSpec);
if (!validated.ok) throw new Error('products/tok.json is invalid');
const tok = validated.spec;

function engineWithRules(): { engine: Engine; apply: (command: EngineCommand) => EngineEvent[]; log: EngineCommand[] } {
  const engine = new Engine();
  const log: EngineCommand[] = [];
  const apply = (command: EngineCommand): EngineEvent[] => {
    log.push(command);
    return engine.apply(command, { seq: log.length, tsMs: 1_000 + log.length });
  };
  apply({ type: 'ListInstrument', spec: instrumentSpecOf(tok, symbol) });
  expect(apply({ type: 'ListProduct', spec: tokSpec })).toEqual([{ type: 'ProductListed', root: 'TOK' }]);
  expect(apply({ type: 'SetPriorSettlement', symbol, priceTicks: 6_374 })).toEqual([
    { type: 'PriorSettlementSet', symbol, priceTicks: 6_374 },
  ]);
  // A listed contract takes orders only in session: before the pre-open it is refused.
  expect(apply(order('a', 'buy', 1, 6_374, 'early'))).toEqual([expect.objectContaining({ type: 'OrderRejected', name: 'market_closed' })]);
  expect(apply({ type: 'StartPreOpen', symbol })[0]).toMatchObject({ type: 'InstrumentStateChanged', from: 'listed', to: 'pre_open' });
  expect(apply({ type: 'OpenTrading', symbol })).toEqual([
    expect.objectContaining({ type: 'InstrumentStateChanged', from: 'pre_open', to: 'open' }),
    expect.objectContaining({ type: 'AuctionUncrossed', priceTicks: null, volumeLots: 0 }),
  ]);
  return { engine, apply, log };
}

describe('contract rules in the engine', () => {
  it('refuses prices beyond the daily limit and the band, and accepts prices inside', () => {
    const { engine, apply } = engineWithRules();
    // Daily limit: 6,374 +- floor(10% of 6,374) = 637 ticks -> [5,737, 7,011]. Band: 5% of 6,374 = 318 -> [6,056, 6,692].
    expect(apply(order('a', 'buy', 1, 7_012, 'x1'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'price_outside_daily_limit' }),
    ]);
    expect(apply(order('a', 'sell', 1, 5_736, 'x2'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'price_outside_daily_limit' }),
    ]);
    expect(apply(order('a', 'buy', 1, 6_693, 'x3'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'price_outside_band' }),
    ]);
    // A sell above the band cannot hurt anyone; a buy below it neither: the band is one-sided.
    expect(apply(order('a', 'sell', 1, 6_900, 's1'))[0]).toMatchObject({ type: 'OrderAccepted' });
    expect(apply(order('a', 'buy', 1, 6_692, 'b1'))[0]).toMatchObject({ type: 'OrderAccepted' });
    expect(engine.books.workingOrders(symbol).map((o) => o.clientOrderId)).toEqual(['s1', 'b1']);
    // A replace to a price beyond the daily limit is refused and the order is unchanged.
    const replaced = apply({ type: 'ReplaceOrder', symbol, account: 'a', clientOrderId: 's1', priceTicks: 7_100 as Ticks });
    expect(replaced).toEqual([
      expect.objectContaining({ type: 'OrderRejected', command: 'ReplaceOrder', name: 'price_outside_daily_limit' }),
    ]);
    expect(engine.books.workingOrders(symbol)[0]!.priceTicks).toBe(6_900);
  });

  it('refuses bad contract commands and keeps its state through snapshot and replay', () => {
    const { engine, apply, log } = engineWithRules();
    expect(apply({ type: 'ListProduct', spec: tokSpec })[0]).toMatchObject({ type: 'ContractCommandRejected', name: 'field_invalid' });
    expect(apply({ type: 'ListProduct', spec: { root: 'X' } })[0]).toMatchObject({
      type: 'ContractCommandRejected',
      name: 'field_invalid',
    });
    expect(apply({ type: 'SetPriorSettlement', symbol: 'NOPEZ26', priceTicks: 1 })[0]).toMatchObject({ name: 'unknown_instrument' });
    expect(apply({ type: 'SetPriorSettlement', symbol, priceTicks: 0 })[0]).toMatchObject({ name: 'price_out_of_range' });
    const restored = Engine.restore(JSON.parse(JSON.stringify(engine.snapshot())) as ReturnType<Engine['snapshot']>);
    expect(restored.stateHash()).toBe(engine.stateHash());
    const next = order('a', 'buy', 1, 7_012, 'x9');
    const ctx = { seq: log.length + 1, tsMs: 5_000 };
    expect(restored.apply(next, ctx)).toEqual(engine.apply(next, ctx));
    const replayed = new Engine();
    [...log, next].forEach((command, i) =>
      replayed.applyForReplay(command, { seq: i + 1, tsMs: i === log.length ? 5_000 : 1_000 + i + 1 }),
    );
    expect(replayed.stateHash()).toBe(engine.stateHash());
  });
});
