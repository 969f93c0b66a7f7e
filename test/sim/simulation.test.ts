/**
 * The simulation slice: deterministic runs, seeds that matter, end-of-day invariants
 * with all three agent kinds (with and without clearing), and scenario validation that
 * names the field.
 */
import { describe, expect, it } from 'vitest';
import { defaultProductsDir, loadProducts } from '../../src/contracts-data/products.ts';
import { formatResult, readScenarioFile } from '../../src/sim/run-scenario.ts';
import { parseScenario } from '../../src/sim/scenario.ts';
import { Simulation } from '../../src/sim/simulation.ts';

const products = loadProducts(defaultProductsDir);

function scenarioJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'test',
    product: 'TOK',
    days: 3,
    ticksPerDay: 60,
    benchmark: { kind: 'fixed', value: '4.75', startDate: '2026-03-02' },
    agents: [
      {
        kind: 'market_maker',
        count: 2,
        params: { halfSpreadTicks: 10, qtyLots: 5, skewTicksPerLot: 1, positionLotsMax: 50, requoteTicks: 2 },
      },
      { kind: 'noise_trader', count: 6, params: { actProbability: 0.3, qtyLotsMax: 4, iocProbability: 0.5, priceRangeTicks: 20 } },
      { kind: 'trend_follower', count: 2, params: { windowTicks: 10, thresholdTicks: 5, qtyLots: 2, positionLotsMax: 20 } },
    ],
    ...overrides,
  };
}

function run(json: Record<string, unknown>, seed: number): string {
  return formatResult(new Simulation(parseScenario(json), seed, { products }).run(), true);
}

describe('simulation', () => {
  it('gives byte-identical output and the same state hash for the same scenario and seed', () => {
    const first = run(scenarioJson(), 7);
    const second = run(scenarioJson(), 7);
    expect(second).toBe(first);
    const result = JSON.parse(first) as { stateHash: string; figures: { trades: number } };
    expect(result.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.figures.trades).toBeGreaterThan(0);
  });

  it('gives a different run for a different seed', () => {
    const a = JSON.parse(run(scenarioJson(), 1)) as { stateHash: string };
    const b = JSON.parse(run(scenarioJson(), 2)) as { stateHash: string };
    expect(b.stateHash).not.toBe(a.stateHash);
  });

  it('keeps the invariants over several days with all three agent kinds, clearing on', () => {
    const json = scenarioJson({ days: 4, clearing: { collateralMinor: '100000000' } });
    const result = new Simulation(parseScenario(json), 11, { products }).run();
    expect(result.figures.trades).toBeGreaterThan(0);
    expect(result.figures.averageSpreadTicks).toBeGreaterThan(0);
    expect(result.figures.openInterestLots).not.toBeNull();
    expect(result.figures.rejections).toBe(0);
  });

  it('replays the real benchmark series from data/', () => {
    const json = scenarioJson({ days: 2, benchmark: { kind: 'replay', from: '2026-03-02', to: '2026-03-10' } });
    const result = new Simulation(parseScenario(json), 3, { products }).run();
    expect(result.startDate).toBe('2026-03-02');
    expect(result.figures.trades).toBeGreaterThan(0);
  });

  it('reports a broken invariant with the seed and the day', () => {
    const sim = new Simulation(parseScenario(scenarioJson({ days: 1 })), 99, { products });
    sim.run();
    sim.mirror.apply([{ type: 'BookLevelChanged', symbol: sim.symbol, side: 'buy', priceTicks: 1 as never, qtyLots: 3 as never }]);
    expect(() => sim.checkInvariants(0)).toThrow(/seed 99, day 0.*BookLevelChanged/);
  });

  it('runs the example scenario', () => {
    const scenario = readScenarioFile('examples/sim/tok-three-agents.json');
    const result = new Simulation({ ...scenario, days: 2 }, 42, { products }).run();
    expect(result.figures.volumeLots).toBeGreaterThan(0);
  });
});

describe('scenario validation', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['days', { days: 0 }, /days: a whole number/],
    ['ticksPerDay', { ticksPerDay: 'x' }, /ticksPerDay: a whole number/],
    ['product', { product: 'tok' }, /product: a product root/],
    ['benchmark.kind', { benchmark: { kind: 'random' } }, /benchmark\.kind/],
    ['benchmark.value', { benchmark: { kind: 'fixed', value: '-1', startDate: '2026-03-02' } }, /benchmark\.value/],
    ['benchmark.to', { benchmark: { kind: 'replay', from: '2026-03-10', to: '2026-03-02' } }, /benchmark\.to/],
    ['agents', { agents: [] }, /agents: a list/],
    ['agents[0].kind', { agents: [{ kind: 'whale', count: 1, params: {} }] }, /agents\[0\]\.kind/],
    [
      'agents[0].params.actProbability',
      { agents: [{ kind: 'noise_trader', count: 1, params: { actProbability: 2, qtyLotsMax: 1, iocProbability: 0, priceRangeTicks: 1 } }] },
      /agents\[0\]\.params\.actProbability/,
    ],
    ['clearing.collateralMinor', { clearing: { collateralMinor: 5 } }, /clearing\.collateralMinor/],
    ['unknown field', { colour: 'red' }, /colour: unknown field/],
  ];
  it.each(cases)('names %s', (_name, overrides, message) => {
    expect(() => parseScenario(scenarioJson(overrides))).toThrow(message);
  });

  it('reports every problem at once', () => {
    expect(() => parseScenario(scenarioJson({ days: -1, ticksPerDay: 0 }))).toThrow(/days:[\s\S]*ticksPerDay:/);
  });
});
