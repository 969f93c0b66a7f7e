// The read model's bounded memory: every working order stays, finished orders stay for
// the newest `finishedOrdersPerAccountMax` of each account, and older ones leave every
// index (by order id, by client order id, the account's list) together; the window is a
// function of the log, so a snapshot and restore, or a rebuild from the log, give the
// same read model. Driven through the real engine.
import { describe, expect, it } from 'vitest';
import { Engine, type EngineCommand } from '../../src/core/engine/index.ts';
import type { Ticks } from '../../src/core/kernel/index.ts';
import { ReadModel, readModelLimits } from '../../src/server/read-model.ts';
import { listTokz26, order, symbol } from '../engine/fixtures.ts';

class Market {
  readonly engine = new Engine();
  readonly model = new ReadModel();
  readonly log: EngineCommand[] = [];
  private seq = 0;

  constructor() {
    this.run(listTokz26(100));
  }

  run(command: EngineCommand): void {
    this.seq++;
    const events = this.engine.apply(command, { seq: this.seq, tsMs: this.seq });
    this.model.apply(this.seq, this.seq, command, events, null);
    this.log.push(command);
  }

  /** Rebuilds a read model from the log alone. */
  rebuilt(): ReadModel {
    const engine = new Engine();
    const model = new ReadModel();
    this.log.forEach((command, i) => model.apply(i + 1, i + 1, command, engine.apply(command, { seq: i + 1, tsMs: i + 1 }), null));
    return model;
  }
}

const max = readModelLimits.finishedOrdersPerAccountMax;

describe('read model retention', () => {
  it('keeps every working order and the newest finished ones; older finished orders leave every index', () => {
    const m = new Market();
    // Alice rests 3 orders far from the market first: they must survive any amount of later flow.
    for (let i = 0; i < 3; i++) m.run(order('alice', 'buy', 1, 100 + i, `rest-${i}`));
    // Then 2.5 windows of orders that finish: alice's IOC-like flow, cancelled right after submission.
    const total = Math.ceil(max * 2.5);
    for (let i = 0; i < total; i++) {
      m.run(order('alice', 'sell', 1, 900_000, `f-${i}`));
      const id = m.model.orderByClientId('alice', `f-${i}`)!.orderId!;
      m.run({ type: 'CancelOrder', symbol, account: 'alice', orderId: id });
    }
    // Bob's orders are his own window: untouched by alice's.
    m.run(order('bob', 'buy', 2, 150, 'bob-1'));
    m.run({ type: 'CancelOrder', symbol, account: 'bob', orderId: m.model.orderByClientId('bob', 'bob-1')!.orderId! });

    const all = m.model.orders('alice', 'all', Number.MAX_SAFE_INTEGER);
    const finished = all.filter((o) => o.status === 'cancelled');
    expect(finished.length).toBeGreaterThanOrEqual(max);
    expect(finished.length).toBeLessThanOrEqual(max + max / 4);
    // The newest are kept, in order, without holes.
    const newest = finished.map((o) => Number(o.clientOrderId.slice(2)));
    expect(newest[0]).toBe(total - 1);
    expect(newest).toEqual(Array.from({ length: newest.length }, (_, i) => total - 1 - i));
    expect(m.model.orders('alice', 'open', 10).map((o) => o.clientOrderId)).toEqual(['rest-2', 'rest-1', 'rest-0']);
    // An evicted order is gone by client id and by order id; a kept one is found both ways.
    expect(m.model.orderByClientId('alice', 'f-0')).toBeUndefined();
    const kept = m.model.orderByClientId('alice', `f-${total - 1}`)!;
    expect(m.model.order(kept.orderId!)).toBe(kept);
    expect(all).toHaveLength(finished.length + 3);
    expect(m.model.orderByClientId('bob', 'bob-1')?.status).toBe('cancelled');

    const snapshot = JSON.stringify(m.model.snapshot());
    expect(JSON.stringify(ReadModel.restore(m.model.snapshot()).snapshot())).toBe(snapshot);
    expect(JSON.stringify(m.rebuilt().snapshot())).toBe(snapshot);
  });

  it('a restored model evicts at the same points as the live one', () => {
    const live = new Market();
    for (let i = 0; i < max; i++) {
      live.run(order('carol', 'buy', 1, 200, `c-${i}`));
      live.run({ type: 'CancelOrder', symbol, account: 'carol', orderId: live.model.orderByClientId('carol', `c-${i}`)!.orderId! });
    }
    let restored = ReadModel.restore(live.model.snapshot());
    const engine = Engine.restore(live.engine.snapshot());
    let seq = live.log.length;
    const both = (command: EngineCommand): void => {
      seq++;
      const events = engine.apply(command, { seq, tsMs: seq });
      restored.apply(seq, seq, command, events, null);
      live.run(command);
    };
    for (let i = max; i < max * 1.5; i++) {
      both(order('carol', 'buy', 1, 200, `c-${i}`));
      both({ type: 'CancelOrder', symbol, account: 'carol', orderId: restored.orderByClientId('carol', `c-${i}`)!.orderId! });
      if (i % 997 === 0) restored = ReadModel.restore(restored.snapshot());
    }
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(live.model.snapshot()));
  });

  it('a replace that renames the order keeps the former client id pointing at it, across a restore and after eviction', () => {
    const m = new Market();
    m.run(order('dave', 'buy', 3, 300, 'first'));
    const id = m.model.orderByClientId('dave', 'first')!.orderId!;
    m.run({ type: 'ReplaceOrder', symbol, account: 'dave', orderId: id, newClientOrderId: 'second', priceTicks: 301 as Ticks });
    const restored = ReadModel.restore(m.model.snapshot());
    for (const model of [m.model, restored]) {
      expect(model.orderByClientId('dave', 'first')?.orderId).toBe(id);
      expect(model.orderByClientId('dave', 'second')?.orderId).toBe(id);
    }
    m.run({ type: 'CancelOrder', symbol, account: 'dave', orderId: id });
    for (let i = 0; i < max * 1.25 + 1; i++) {
      m.run(order('dave', 'sell', 1, 900_000, `x-${i}`));
      m.run({ type: 'CancelOrder', symbol, account: 'dave', orderId: m.model.orderByClientId('dave', `x-${i}`)!.orderId! });
    }
    expect(m.model.orderByClientId('dave', 'first')).toBeUndefined();
    expect(m.model.orderByClientId('dave', 'second')).toBeUndefined();
    expect(m.model.order(id)).toBeUndefined();
  });
});
