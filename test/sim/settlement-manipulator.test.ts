/**
 * Marking the settlement: the manipulator's closing-window orders all fall in the
 * product's closing window (19:58-20:00 UTC, where the clock places the last ticks),
 * its buying concentrates there, the engine settles on the window's VWAP, and the
 * settlement ends above the same run without it. Its orders and the per-day effect are
 * in the result for surveillance tests.
 */
import { describe, expect, it } from 'vitest';
import { SettlementManipulator } from '../../src/sim/agents/settlement-manipulator.ts';
import { Simulation, type SimResult } from '../../src/sim/simulation.ts';
import { closingWindowMs, marketMakers, msOfDay, noise, products, runRecording, scenarioOf } from './sim-helpers.ts';

const maker = { ...marketMakers, params: { ...marketMakers.params, skewTicksPerLot: 1, positionLotsMax: 300 } };
const manipulator = {
  kind: 'settlement_manipulator',
  count: 1,
  params: {
    direction: 'buy',
    positionLots: 20,
    tradeQtyLots: 4,
    buildLimitTicks: 15,
    markQtyLots: 8,
    markThroughTicks: 20,
    markLotsMaxPerDay: 48,
    positionLotsMax: 120,
  },
};
const seed = 21;

function premium(result: SimResult): number {
  const days = result.daily.filter((d) => d.settlementTicks !== null);
  return days.reduce((sum, d) => sum + d.settlementTicks! - d.benchmarkTicks, 0) / days.length;
}

describe('settlement-window manipulator', () => {
  const sim = new Simulation(scenarioOf([maker, noise, manipulator]), seed, { products });
  const { result, events } = runRecording(sim);
  const agent = sim.agents.find((a): a is SettlementManipulator => a instanceof SettlementManipulator)!;

  it('the clock places the last ticks of each day in the closing window', () => {
    const times = events.filter((e) => e.command.type === 'SubmitOrder').map((e) => msOfDay(e.tsMs));
    expect(times.some((t) => t >= closingWindowMs.start && t < closingWindowMs.end)).toBe(true);
    expect(times.every((t) => t < closingWindowMs.end)).toBe(true);
  });

  it('sends its marking orders only in the closing window, and its other orders only before it', () => {
    const marks = agent.orders.filter((o) => o.phase === 'mark');
    expect(marks.length).toBeGreaterThan(0);
    for (const order of agent.orders) {
      const inWindow = msOfDay(order.tsMs) >= closingWindowMs.start && msOfDay(order.tsMs) < closingWindowMs.end;
      expect(order.inClosingWindow).toBe(inWindow);
      expect(order.phase === 'mark').toBe(inWindow);
    }
    expect(marks.every((o) => o.side === 'buy')).toBe(true);
  });

  it('concentrates its buying in the closing window and dominates the window', () => {
    let boughtInWindow = 0;
    let bought = 0;
    let windowVolume = 0;
    let volume = 0;
    let traded = 0;
    for (const { event, tsMs } of events) {
      if (event.type !== 'OrderFilled') continue;
      const inWindow = msOfDay(tsMs) >= closingWindowMs.start;
      volume += event.qtyLots;
      if (inWindow) windowVolume += event.qtyLots;
      if (event.takerAccount === agent.account || event.makerAccount === agent.account) traded += event.qtyLots;
      const buyer = event.aggressorSide === 'buy' ? event.takerAccount : event.makerAccount;
      if (buyer !== agent.account) continue;
      bought += event.qtyLots;
      if (inWindow) boughtInWindow += event.qtyLots;
    }
    expect(boughtInWindow / bought).toBeGreaterThan(0.8);
    const outcome = result.manipulators[0]!;
    const own = outcome.days.reduce((s, d) => s + d.ownWindowLots, 0);
    expect(own / windowVolume).toBeGreaterThan(0.5); // most of the window is its trading
    // The window is 6 of 60 ticks: it trades a far larger part of its volume there than everyone else does.
    const othersInWindow = (windowVolume - own) / (volume - traded);
    expect(own / traded).toBeGreaterThan(0.4);
    expect(own / traded).toBeGreaterThan(3 * othersInWindow);
    expect(outcome.phases.mark.filledLots).toBe(boughtInWindow);
    expect(outcome.markOrders.length).toBe(agent.orders.filter((o) => o.phase === 'mark').length);
  });

  it('moves the settlement, set by the engine on the closing window, above the run without it', () => {
    expect(result.daily.every((d) => d.settlementTier === 'closing_window_vwap')).toBe(true);
    const without = new Simulation(scenarioOf([maker, noise]), seed, { products }).run();
    expect(premium(result) - premium(without)).toBeGreaterThanOrEqual(5);
    const outcome = result.manipulators[0]!;
    expect(outcome.averageVwapEffectTicks!).toBeGreaterThan(0);
    for (const day of outcome.days) expect(day.settlementTicks).toBe(result.daily[day.day]!.settlementTicks);
  });
});
