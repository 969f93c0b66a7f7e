/**
 * The plan hedger: a hedge plan placed on the simulated contract (contracts per month by
 * the hedging context's rounding, traded / stacked / expired / not simulated), then
 * established with working limit orders on its schedule until it holds the plan's
 * contract counts, never beyond; its outcome (hedge P&L, which equals the variation
 * margin it received, against the change in cost exposure, with the dollar offset).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { roundContracts } from '../../src/core/hedging/index.ts';
import { PlanHedger } from '../../src/sim/agents/plan-hedger.ts';
import { resolvePlan } from '../../src/sim/hedge-plan.ts';
import { readScenarioFile } from '../../src/sim/run-scenario.ts';
import type { HedgePlanSpec } from '../../src/sim/scenario.ts';
import { Simulation } from '../../src/sim/simulation.ts';
import { marketMakers, noise, products, runRecording, scenarioOf } from './sim-helpers.ts';

const tok = products.find((p) => p.root === 'TOK')!;

function inlinePlan(role: 'buyer' | 'seller', months: [string, string][], ratio = 0.8): HedgePlanSpec {
  return {
    source: 'inline',
    firm: 'test firm',
    product: null,
    role,
    ratio,
    rounding: 'half_even',
    planDate: null,
    months: months.map(([month, quantity]) => ({ month, quantity, contracts: null, symbol: null })),
  };
}

describe('hedge plan on the simulated contract', () => {
  const plan = inlinePlan('buyer', [
    ['2026-02', '10000'],
    ['2026-03', '12500'],
    ['2026-04', '10000'],
  ]);

  it('rounds each month with the hedging rounding and stacks later months in the traded one', () => {
    const resolved = resolvePlan(plan, tok, 'TOKH26', 'stack');
    expect(resolved.lines.map((l) => [l.symbol, l.contracts, l.allocation])).toEqual([
      ['TOKG26', 8, 'expired'],
      ['TOKH26', roundContracts((0.8 * 12500) / 1000, 'half_even'), 'traded'],
      ['TOKJ26', 8, 'stacked'],
    ]);
    expect(resolved.targetLots).toBe(10 + 8);
    expect(resolved.heldQuantity).toBe(22500);
  });

  it('hedges the simulated month alone under front_only, and sells for a seller', () => {
    const resolved = resolvePlan({ ...plan, role: 'seller' }, tok, 'TOKH26', 'front_only');
    expect(resolved.lines.map((l) => l.allocation)).toEqual(['expired', 'traded', 'not_simulated']);
    expect(resolved.side).toBe('sell');
    expect(resolved.targetLots).toBe(-10);
  });

  it("takes a plan file's contract counts as they are", () => {
    const scenario = readScenarioFile('examples/sim/tok-all-agents.json');
    const spec = scenario.agents.find((a) => a.kind === 'plan_hedger' && a.params.plan.source !== 'inline');
    if (spec?.kind !== 'plan_hedger') throw new Error('no plan file in the example');
    const file = JSON.parse(readFileSync('examples/sim/plans/inference-buyer/plan.json', 'utf8')) as {
      contracts: { symbol: string; contracts: number }[];
    };
    const resolved = resolvePlan(spec.params.plan, tok, 'TOKJ26', 'stack');
    expect(resolved.lines.map((l) => [l.symbol, l.contracts])).toEqual(file.contracts.map((c) => [c.symbol, c.contracts]));
    expect(resolved.targetLots).toBe(file.contracts.reduce((s, c) => s + c.contracts, 0));
  });
});

describe('plan hedger in the market', () => {
  const months = [
    ['2026-03', '10000'],
    ['2026-04', '15000'],
  ];
  const hedgerGroup = (role: string): Record<string, unknown> => ({
    kind: 'plan_hedger',
    count: 1,
    params: {
      plan: { role, ratio: 1, months: months.map(([month, quantity]) => ({ month, quantity })) },
      buildDays: 2,
      clipLotsMax: 3,
      urgencyLots: 4,
      limitTicks: 30,
    },
  });
  const falling = { kind: 'path', startDate: '2026-03-02', values: ['4.75', '4.70', '4.62', '4.55'] };

  for (const role of ['buyer', 'seller'] as const) {
    it(`a ${role} ends with the plan's contract counts, never beyond, with working limit orders`, () => {
      const sim = new Simulation(scenarioOf([marketMakers, noise, hedgerGroup(role)], { days: 4, benchmark: falling }), 3, { products });
      const { result, events, commands } = runRecording(sim);
      const hedger = sim.agents.find((a): a is PlanHedger => a instanceof PlanHedger)!;
      const sign = role === 'buyer' ? 1 : -1;
      expect(hedger.targetLots).toBe(sign * 25);
      let held = 0;
      let worst = 0;
      for (const { event } of events) {
        if (event.type !== 'OrderFilled') continue;
        const buy = event.aggressorSide === 'buy';
        if (event.takerAccount === hedger.account) held += buy ? event.qtyLots : -event.qtyLots;
        if (event.makerAccount === hedger.account) held += buy ? -event.qtyLots : event.qtyLots;
        worst = Math.max(worst, sign * held);
      }
      expect(held).toBe(sign * 25);
      expect(worst).toBe(25);
      const orders = commands.flatMap(({ command }) =>
        command.type === 'SubmitOrder' && command.account === hedger.account ? [command] : [],
      );
      expect(orders.every((o) => o.orderType === 'limit' && o.qtyLots <= 3)).toBe(true);
      expect(orders.filter((o) => o.tif === 'day').length).toBeGreaterThan(0);
      const outcome = result.planHedgers[0]!;
      expect(outcome.positionLots).toBe(sign * 25);
      expect(outcome.completedOnDay).not.toBeNull();
      expect(outcome.execution.makerLots).toBeGreaterThan(0);
      expect(outcome.lines.map((l) => [l.symbol, l.contracts, l.allocation])).toEqual([
        ['TOKH26', 10, 'traded'],
        ['TOKJ26', 15, 'stacked'],
      ]);
    });
  }

  it('reports the hedge P&L (= its variation margin) against the change in cost exposure', () => {
    const sim = new Simulation(scenarioOf([marketMakers, noise, hedgerGroup('buyer')], { days: 4, benchmark: falling }), 3, { products });
    const outcome = sim.run().planHedgers[0]!;
    expect(outcome.variationMarginMinor).toBe(outcome.hedgePnlMinor);
    // 25 lots bought near 4.75 while the benchmark falls to 4.55: the hedge loses...
    expect(BigInt(outcome.hedgePnlMinor)).toBeLessThan(0n);
    // ...and the buyer's cost exposure gains 1 x 25000 x 0.20 USD = 5000.00 USD.
    expect(outcome.exposureChangeMinor).toBe('500000');
    expect(outcome.idealHedgePnlMinor).toBe('-500000');
    expect(BigInt(outcome.netMinor)).toBe(BigInt(outcome.exposureChangeMinor) + BigInt(outcome.hedgePnlMinor));
    expect(outcome.dollarOffsetRatio).toBeCloseTo(-Number(outcome.hedgePnlMinor) / 500000, 4);
    expect(outcome.dollarOffsetRatio!).toBeGreaterThan(0.5);
  });
});
