/**
 * The simulation's daily cycle with clearing on (margin call, default, close-out and
 * waterfall driven by an adverse benchmark path), the extra end-of-day invariants
 * (variation margin sums to zero, the ledger balances, every agent order in exactly one
 * state), the hedger and the spoofer agents, and validation of their parameters.
 */
import { describe, expect, it } from 'vitest';
import { defaultProductsDir, loadProducts } from '../../src/contracts-data/products.ts';
import type { EngineEvent } from '../../src/core/engine/index.ts';
import { Hedger } from '../../src/sim/agents/hedger.ts';
import { Spoofer } from '../../src/sim/agents/spoofer.ts';
import { readScenarioFile } from '../../src/sim/run-scenario.ts';
import { parseScenario } from '../../src/sim/scenario.ts';
import { Simulation } from '../../src/sim/simulation.ts';

const products = loadProducts(defaultProductsDir);

const marketMaker = {
  kind: 'market_maker',
  count: 2,
  params: { halfSpreadTicks: 10, qtyLots: 5, skewTicksPerLot: 0, positionLotsMax: 500, requoteTicks: 2 },
};
const noise = { kind: 'noise_trader', count: 4, params: { actProbability: 0.3, qtyLotsMax: 4, iocProbability: 0.5, priceRangeTicks: 20 } };

function scenario(agents: unknown[], overrides: Record<string, unknown> = {}): ReturnType<typeof parseScenario> {
  return parseScenario({
    name: 'test',
    product: 'TOK',
    days: 3,
    ticksPerDay: 60,
    benchmark: { kind: 'fixed', value: '4.75', startDate: '2026-03-02' },
    clearing: { collateralMinor: '100000000' },
    agents,
    ...overrides,
  });
}

/** Runs `sim`, recording every event with the time of its command. */
function runRecording(sim: Simulation): { result: ReturnType<Simulation['run']>; events: { tsMs: number; event: EngineEvent }[] } {
  const events: { tsMs: number; event: EngineEvent }[] = [];
  const apply = sim.engine.apply.bind(sim.engine);
  sim.engine.apply = (command, ctx) => {
    const out = apply(command, ctx);
    for (const event of out) events.push({ tsMs: ctx.tsMs, event });
    return out;
  };
  return { result: sim.run(), events };
}

describe('simulation: default through the daily cycle', () => {
  const hedger = {
    kind: 'hedger',
    count: 1,
    collateralMinor: '300000',
    params: { targetLots: 40, dailyFraction: 0.5, passiveTicks: 0, qtyLotsMax: 5, requoteTicks: 3 },
  };
  const adverse = { kind: 'path', startDate: '2026-03-02', values: ['4.75', '4.75', '4.2', '3.7', '3.3', '3.0'] };
  const json = scenario([marketMaker, noise, hedger], { days: 6, benchmark: adverse });

  it('calls, defaults, closes out and runs the waterfall, with the invariants holding every day', () => {
    const sim = new Simulation(json, 5, { products });
    const { result, events } = runRecording(sim);
    const of = (type: string): { tsMs: number; event: EngineEvent }[] => events.filter((e) => e.event.type === type);
    const call = of('MarginCallIssued')[0]!.event;
    expect(call.type === 'MarginCallIssued' && call.account).toBe('hedger-2-0');
    // The call that was missed (an earlier one, from an intraday cycle, may have been met).
    const missed = of('MarginCallMissed')[0]!;
    const missedId = missed.event.type === 'MarginCallMissed' ? missed.event.callId : -1;
    const issued = of('MarginCallIssued').find((e) => e.event.type === 'MarginCallIssued' && e.event.callId === missedId)!.event;
    const deadlineMs = issued.type === 'MarginCallIssued' ? issued.deadlineMs : 0;
    expect(missed.tsMs).toBeGreaterThanOrEqual(deadlineMs);
    // Enforced at the first tick past the deadline: nothing happened in between (a deadline after
    // the close waits for the next session's first tick).
    expect(events.filter((e) => e.tsMs >= deadlineMs && e.tsMs < missed.tsMs)).toEqual([]);
    expect(of('DefaultDeclared').map((e) => e.event.type === 'DefaultDeclared' && e.event.account)).toEqual(['hedger-2-0']);
    expect(of('CloseOutRequested').length).toBeGreaterThan(0);
    const closeOutFills = of('OrderFilled').filter(
      (e) => e.event.type === 'OrderFilled' && e.event.takerClientOrderId.startsWith('closeout-'),
    );
    expect(closeOutFills.length).toBeGreaterThan(0);
    const steps = of('WaterfallStepApplied').map((e) => e.event.type === 'WaterfallStepApplied' && e.event.step);
    expect(steps).toEqual(['defaulter_margin', 'defaulter_default_fund', 'ccp_capital', 'members_default_fund', 'assessments']);
    expect(sim.engine.clearing!.positionOf('hedger-2-0', sim.symbol)?.netLots ?? 0).toBe(0);
    const f = result.figures;
    expect(f.marginCalls).toBeGreaterThanOrEqual(1);
    expect(f.defaults).toBe(1);
    expect(f.waterfalls).toBe(1);
    expect(BigInt(f.waterfallLossMinor!)).toBeGreaterThan(0n);
    expect(f.orders['submitted']).toBe(0);
  });

  it('runs the same default path byte for byte again', () => {
    const a = new Simulation(json, 5, { products }).run();
    const b = new Simulation(json, 5, { products }).run();
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('simulation: end-of-day invariants', () => {
  const json = scenario([marketMaker, noise], { days: 1 });

  it('names seed and day when the variation margin of a cycle does not sum to zero', () => {
    const sim = new Simulation(json, 8, { products });
    sim.run();
    const vm = { type: 'VariationMarginPosted', date: '2026-03-02', cycle: 'end_of_day', account: 'x', currency: 'USD', amountMinor: 5n };
    expect(() => sim.checkInvariants(0, [vm as unknown as EngineEvent])).toThrow(/seed 8, day 0.*variation margin.*5 USD/);
  });

  it('names seed and day when an order is finished twice', () => {
    const sim = new Simulation(json, 8, { products });
    const { events } = runRecording(sim);
    const filled = events.find((e) => e.event.type === 'OrderFilled' && e.event.makerLeavesQtyLots === 0)!.event;
    if (filled.type !== 'OrderFilled') throw new Error('no fill');
    const cancel = {
      type: 'OrderCancelled',
      symbol: sim.symbol,
      orderId: filled.makerOrderId,
      account: 'x',
      clientOrderId: 'x',
      qtyLots: 1,
    };
    sim.orders.observe([cancel as unknown as EngineEvent]);
    expect(() => sim.checkInvariants(0)).toThrow(/seed 8, day 0.*order states.*cancelled after it was already filled/);
  });

  it('accounts for every agent order in one state', () => {
    const sim = new Simulation(json, 8, { products });
    const { result } = runRecording(sim);
    const o = result.figures.orders;
    expect(o['submitted']).toBe(0);
    expect(o['working']).toBe(0); // day orders expired at the close
    expect(o['filled']! + o['cancelled']! + o['expired']! + o['rejected']!).toBeGreaterThan(0);
  });
});

describe('simulation: hedger', () => {
  for (const targetLots of [30, -30]) {
    it(`builds ${targetLots} lots steadily and never beyond its target`, () => {
      const hedger = {
        kind: 'hedger',
        count: 1,
        params: { targetLots, dailyFraction: 0.25, passiveTicks: 1, qtyLotsMax: 3, requoteTicks: 3 },
      };
      const sim = new Simulation(scenario([marketMaker, noise, hedger], { days: 5 }), 4, { products });
      const { result, events } = runRecording(sim);
      const h = sim.agents.find((a): a is Hedger => a instanceof Hedger)!;
      let held = 0;
      let worst = 0;
      for (const { event } of events) {
        if (event.type !== 'OrderFilled') continue;
        const buy = event.aggressorSide === 'buy';
        if (event.takerAccount === h.account) held += buy ? event.qtyLots : -event.qtyLots;
        if (event.makerAccount === h.account) held += buy ? -event.qtyLots : event.qtyLots;
        worst = Math.max(worst, Math.sign(targetLots) * held);
      }
      expect(worst).toBeLessThanOrEqual(Math.abs(targetLots));
      expect(Math.sign(targetLots) * held).toBeGreaterThan(Math.abs(targetLots) / 2);
      expect(result.hedgers).toEqual([{ account: h.account, targetLots, goalLots: 30, positionLots: held }]);
    });
  }

  it('runs in the example scenario', () => {
    const example = readScenarioFile('examples/sim/tok-three-agents.json');
    expect(example.agents.some((a) => a.kind === 'hedger')).toBe(true);
    expect(example.agents.some((a) => a.kind === 'spoofer')).toBe(false);
  });
});

describe('simulation: spoofer', () => {
  const spoofer = {
    kind: 'spoofer',
    count: 1,
    params: { spoofQtyLots: 200, awayTicks: 60, cancelAfterTicks: 3, tradeQtyLots: 1, everyTicks: 6, positionLotsMax: 20 },
  };

  it('rests large orders away from the touch, cancels each within its ticks, and trades small on the other side', () => {
    const sim = new Simulation(scenario([marketMaker, noise, spoofer]), 6, { products });
    const { events } = runRecording(sim);
    const s = sim.agents.find((a): a is Spoofer => a instanceof Spoofer)!;
    expect(s.spoofs.length).toBeGreaterThan(10);
    for (const spoof of s.spoofs) {
      expect(spoof.endedEarly).toBe(false);
      expect(spoof.cancelTick! - spoof.placedTick).toBe(3);
      const cancelled = events.find((e) => e.event.type === 'OrderCancelled' && e.event.clientOrderId === spoof.clientOrderId);
      expect(cancelled?.event.type === 'OrderCancelled' && cancelled.event.reason).toBe('requested');
    }
    const small = events.filter((e) => e.event.type === 'OrderFilled' && e.event.takerAccount === s.account);
    expect(small.length).toBeGreaterThan(0);
    expect(small.every((e) => e.event.type === 'OrderFilled' && e.event.qtyLots === 1)).toBe(true);
    expect(Math.abs(s.position)).toBeLessThanOrEqual(20);
  });
});

describe('scenario validation: new fields', () => {
  const cases: [string, unknown[], Record<string, unknown>, RegExp][] = [
    [
      'hedger targetLots',
      [{ kind: 'hedger', count: 1, params: { targetLots: 0, dailyFraction: 0.1, passiveTicks: 0, qtyLotsMax: 1, requoteTicks: 1 } }],
      {},
      /targetLots: not 0/,
    ],
    [
      'spoofer everyTicks',
      [{ kind: 'spoofer', count: 1, params: { ...spooferParams(), everyTicks: 3 } }],
      {},
      /everyTicks: above cancelAfterTicks/,
    ],
    ['collateralMinor', [{ ...marketMaker, collateralMinor: '-1' }], {}, /agents\[0\]\.collateralMinor/],
    ['benchmark.values', [marketMaker], { benchmark: { kind: 'path', startDate: '2026-03-02', values: [] } }, /benchmark\.values/],
    ['marginCallWindowMs', [marketMaker], { clearing: { collateralMinor: '1', marginCallWindowMs: 5 } }, /clearing\.marginCallWindowMs/],
  ];
  it.each(cases)('names %s', (_name, agents, overrides, message) => {
    expect(() => scenario(agents, overrides)).toThrow(message);
  });
});

function spooferParams(): Record<string, number> {
  return { spoofQtyLots: 10, awayTicks: 5, cancelAfterTicks: 3, tradeQtyLots: 1, everyTicks: 6, positionLotsMax: 5 };
}
