// The demo's AgentApi adapter alone: run-tagged client order ids in commands and
// untagged in the events an agent sees, a refused replace turned into a cancel of the
// order still working, the time to live and the cap on working orders; and the fair
// value's wander staying within its bound.
import { describe, expect, it } from 'vitest';
import { lots, rejectCode } from '../../src/core/kernel/index.ts';
import type { OrderCancelled, OrderRejected } from '../../src/core/model/index.ts';
import { FairValues, fairValueDefaults } from '../../src/server/demo/fair-value.ts';
import { LiveAgentApi } from '../../src/server/demo/live-agent-api.ts';

const account = 'sim-mm-TOK-0';
const symbol = 'TOKZ26';

function api(orderTtlMs: number | null = null, workingOrdersMax = 10): LiveAgentApi {
  const live = new LiveAgentApi(account, symbol, 'run1', { orderTtlMs, workingOrdersMax });
  live.beginTurn(1_000);
  return live;
}

function cancelled(clientOrderId: string): OrderCancelled {
  return { type: 'OrderCancelled', symbol, orderId: 1, account, clientOrderId, qtyLots: lots(5), reason: 'requested' };
}

function replaceRefused(clientOrderId: string): OrderRejected {
  return {
    type: 'OrderRejected',
    command: 'ReplaceOrder',
    symbol,
    account,
    clientOrderId,
    orderId: null,
    code: rejectCode('price_outside_band'),
    name: 'price_outside_band',
    reason: 'priceTicks: outside the band',
  };
}

describe('LiveAgentApi', () => {
  it('tags client order ids on the way out and removes the tag on the way in', () => {
    const live = api();
    live.submitOrder({ side: 'buy', type: 'limit', qtyLots: 5, tif: 'day', clientOrderId: `${account}-1`, priceTicks: 100 });
    live.replaceOrder(`${account}-1`, { priceTicks: 101 });
    const commands = live.drain();
    expect(commands.map((command) => [command.type, 'clientOrderId' in command ? command.clientOrderId : null])).toEqual([
      ['SubmitOrder', `${account}-1.run1`],
      ['ReplaceOrder', `${account}-1.run1`],
    ]);
    expect(live.drain()).toEqual([]);
    const seen = live.receive([cancelled(`${account}-1.run1`)]);
    expect(seen[0]).toMatchObject({ type: 'OrderCancelled', clientOrderId: `${account}-1` });
    expect(live.workingOrders).toBe(0);
  });

  it('cancels an order whose replace was refused, since the agent forgets it', () => {
    const live = api();
    live.submitOrder({ side: 'sell', type: 'limit', qtyLots: 5, tif: 'day', clientOrderId: `${account}-1`, priceTicks: 100 });
    live.drain();
    const seen = live.receive([replaceRefused(`${account}-1.run1`)]);
    expect(seen[0]).toMatchObject({ type: 'OrderRejected', clientOrderId: `${account}-1` });
    expect(live.drain()).toEqual([{ type: 'CancelOrder', symbol, account, clientOrderId: `${account}-1.run1` }]);
  });

  it('cancels orders past their time to live, and the oldest beyond the cap', () => {
    const live = api(5_000, 2);
    for (let i = 1; i <= 3; i++) {
      live.submitOrder({ side: 'buy', type: 'limit', qtyLots: 1, tif: 'day', clientOrderId: `n-${i}`, priceTicks: 100 });
    }
    const first = live.drain();
    expect(first.filter((command) => command.type === 'CancelOrder')).toEqual([
      { type: 'CancelOrder', symbol, account, clientOrderId: 'n-1.run1' },
    ]);
    live.beginTurn(7_000);
    const later = live.drain();
    expect(later.map((command) => ('clientOrderId' in command ? command.clientOrderId : null))).toEqual(['n-2.run1', 'n-3.run1']);
    expect(live.drain()).toEqual([]);
  });
});

describe('FairValues', () => {
  it('wanders around the reference within its bound', () => {
    const values = new FairValues({ seed: 7 });
    values.add(symbol, 5_000, 0);
    const max = Math.round(5_000 * (1 + fairValueDefaults.wanderBpsMax / 10_000));
    const min = Math.round(5_000 * (1 - fairValueDefaults.wanderBpsMax / 10_000));
    const seen = new Set<number>();
    for (let t = 0; t < 3_600_000; t += 10_000) {
      const value = values.valueTicks(symbol, t);
      expect(value).toBeGreaterThanOrEqual(min);
      expect(value).toBeLessThanOrEqual(max);
      seen.add(value);
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});
