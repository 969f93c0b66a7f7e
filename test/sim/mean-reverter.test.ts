/**
 * The mean-reversion speculator: it sells when the futures bid is rich to its anchor
 * (the benchmark, or a moving average of the mid), buys when the offer is cheap, trades
 * back toward flat near the anchor, waits its cooldown and stays within its limit; in a
 * market its every opening sale is at a bid at least `entryTicks` above the benchmark.
 */
import { describe, expect, it } from 'vitest';
import { lots, ticks } from '../../src/core/kernel/index.ts';
import type { AgentApi, AgentOrder, MarketView } from '../../src/sim/agent.ts';
import { MeanReverter } from '../../src/sim/agents/mean-reverter.ts';
import type { MeanReverterParams } from '../../src/sim/scenario.ts';
import { Simulation } from '../../src/sim/simulation.ts';
import { marketMakers, noise, products, scenarioOf } from './sim-helpers.ts';

const params: MeanReverterParams = {
  anchor: 'benchmark',
  windowTicks: 1,
  entryTicks: 10,
  exitTicks: 2,
  qtyLots: 3,
  positionLotsMax: 6,
  cooldownTicks: 0,
};

function view(tick: number, bid: number, ask: number, benchmarkTicks = 4750): MarketView {
  const level = (priceTicks: number): MarketView['bids'] => [{ priceTicks: ticks(priceTicks), qtyLots: lots(10), orderCount: 1 }];
  return {
    day: 0,
    tick,
    ticksPerDay: 100,
    tsMs: tick * 1000,
    symbol: 'TOKH26',
    benchmarkTicks,
    bids: level(bid),
    asks: level(ask),
    lastTradeTicks: null,
    events: [],
  };
}

function recorder(): { api: AgentApi; orders: AgentOrder[] } {
  const orders: AgentOrder[] = [];
  return { orders, api: { submitOrder: (o) => orders.push(o), cancelOrder: () => undefined, replaceOrder: () => undefined } };
}

/** The fill event of `order` for `account`, as the engine would send it. */
function filled(account: string, order: AgentOrder): MarketView['events'][number] {
  return {
    type: 'OrderFilled',
    symbol: 'TOKH26',
    tradeId: 1,
    priceTicks: order.priceTicks!,
    qtyLots: order.qtyLots,
    aggressorSide: order.side,
    makerOrderId: 1,
    makerAccount: 'other',
    makerClientOrderId: 'x',
    makerLeavesQtyLots: 0,
    takerOrderId: 2,
    takerAccount: account,
    takerClientOrderId: order.clientOrderId,
    takerLeavesQtyLots: 0,
  } as MarketView['events'][number];
}

describe('mean reverter', () => {
  it('sells at a bid rich to the benchmark and buys at an offer cheap to it', () => {
    const agent = new MeanReverter('mr', params);
    const { api, orders } = recorder();
    agent.act(view(0, 4755, 4765), api); // bid 5 above: not enough
    agent.act(view(1, 4760, 4770), api); // bid 10 above: sell
    expect(orders).toEqual([{ side: 'sell', type: 'limit', qtyLots: 3, tif: 'ioc', clientOrderId: 'mr-1', priceTicks: 4760 }]);
    const cheap = new MeanReverter('mr', params);
    const other = recorder();
    cheap.act(view(0, 4730, 4740), other.api);
    expect(other.orders.map((o) => [o.side, o.priceTicks])).toEqual([['buy', 4740]]);
  });

  it('stays within its position limit, trades back toward flat near the anchor, and waits its cooldown', () => {
    const agent = new MeanReverter('mr', { ...params, cooldownTicks: 1 });
    const { api, orders } = recorder();
    let delivered = 0; // each order fills in full; its fill arrives on the next turn
    const next = (v: MarketView): MarketView => ({ ...v, events: orders.slice(delivered).map((o) => filled('mr', o)) });
    for (let tick = 0; tick < 8; tick++) {
      const v = next(view(tick, 4770, 4780));
      delivered = orders.length;
      agent.act(v, api);
    }
    expect(orders.map((o) => o.side)).toEqual(['sell', 'sell']); // every other turn, then at -6 it stops
    expect(agent.position).toBe(-6);
    agent.act(next(view(8, 4749, 4752)), api); // mid 4750: back at the anchor
    expect(orders.at(-1)).toMatchObject({ side: 'buy', qtyLots: 3, tif: 'ioc', priceTicks: 4752 });
  });

  it('waits for a full window before fading a moving average', () => {
    const agent = new MeanReverter('mr', { ...params, anchor: 'moving_average', windowTicks: 3 });
    const { api, orders } = recorder();
    agent.act(view(0, 4745, 4755), api);
    agent.act(view(1, 4745, 4755), api);
    expect(orders).toEqual([]);
    agent.act(view(2, 4775, 4785), api); // average (4750 + 4750 + 4780) / 3 = 4760; bid 15 above
    expect(orders.map((o) => [o.side, o.priceTicks])).toEqual([['sell', 4775]]);
  });

  it('in a market, opens every sale at a bid at least entryTicks above the benchmark', () => {
    const group = { kind: 'mean_reverter', count: 2, params: { ...params, positionLotsMax: 30 } };
    // A buyer taking the offer leaves the makers short; their skew lifts the market above the benchmark.
    const buyer = {
      kind: 'hedger',
      count: 1,
      params: { targetLots: 60, dailyFraction: 0.5, passiveTicks: 0, qtyLotsMax: 3, requoteTicks: 2 },
    };
    const maker = { ...marketMakers, params: { ...marketMakers.params, skewTicksPerLot: 1, positionLotsMax: 100 } };
    const sim = new Simulation(scenarioOf([maker, noise, buyer, group], { closingWindowTicks: 0 }), 12, { products });
    const seen: { order: AgentOrder; bid: number; benchmark: number; position: number }[] = [];
    for (const agent of sim.agents.filter((a): a is MeanReverter => a instanceof MeanReverter)) {
      const act = agent.act.bind(agent);
      agent.act = (v: MarketView, api: AgentApi): void =>
        act(v, {
          ...api,
          submitOrder: (order) => {
            seen.push({ order, bid: v.bids[0]!.priceTicks, benchmark: v.benchmarkTicks, position: agent.position });
            api.submitOrder(order);
          },
        });
    }
    sim.run();
    const opening = seen.filter((s) => s.order.side === 'sell' && s.position <= 0);
    expect(opening.length).toBeGreaterThan(3);
    for (const s of opening) {
      expect(s.order.priceTicks).toBe(s.bid);
      expect(s.bid - s.benchmark).toBeGreaterThanOrEqual(10);
    }
  });
});
