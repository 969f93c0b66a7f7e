/**
 * Shared pieces of the simulation tests: the product files, a small scenario builder
 * (TOK, fixed benchmark, clearing on, 3 days of 60 ticks unless overridden), standard
 * agent groups, and a run that records every command and event with its virtual time.
 */
import { defaultProductsDir, loadProducts } from '../../src/contracts-data/products.ts';
import type { EngineCommand, EngineEvent } from '../../src/core/engine/index.ts';
import { parseScenario, type Scenario } from '../../src/sim/scenario.ts';
import type { SimResult, Simulation } from '../../src/sim/simulation.ts';

export const products = loadProducts(defaultProductsDir);

export const marketMakers = {
  kind: 'market_maker',
  count: 2,
  params: { halfSpreadTicks: 8, qtyLots: 10, skewTicksPerLot: 0, positionLotsMax: 500, requoteTicks: 2 },
};
export const noise = {
  kind: 'noise_trader',
  count: 6,
  params: { actProbability: 0.3, qtyLotsMax: 4, iocProbability: 0.5, priceRangeTicks: 20 },
};

export function scenarioOf(agents: unknown[], overrides: Record<string, unknown> = {}): Scenario {
  return parseScenario({
    name: 'test',
    product: 'TOK',
    days: 3,
    ticksPerDay: 60,
    closingWindowTicks: 6,
    benchmark: { kind: 'fixed', value: '4.75', startDate: '2026-03-02' },
    clearing: { collateralMinor: '100000000' },
    agents,
    ...overrides,
  });
}

export interface Recorded {
  readonly tsMs: number;
  readonly command: EngineCommand;
  readonly event: EngineEvent;
}

/** Runs `sim`, recording every event with its command and the command's time. */
export function runRecording(sim: Simulation): {
  result: SimResult;
  events: Recorded[];
  commands: { tsMs: number; command: EngineCommand }[];
} {
  const events: Recorded[] = [];
  const commands: { tsMs: number; command: EngineCommand }[] = [];
  const apply = sim.engine.apply.bind(sim.engine);
  sim.engine.apply = (command, ctx) => {
    const out = apply(command, ctx);
    commands.push({ tsMs: ctx.tsMs, command });
    for (const event of out) events.push({ tsMs: ctx.tsMs, command, event });
    return out;
  };
  return { result: sim.run(), events, commands };
}

/** Milliseconds after midnight UTC. */
export function msOfDay(tsMs: number): number {
  return ((tsMs % 86_400_000) + 86_400_000) % 86_400_000;
}

export const closingWindowMs = { start: (19 * 60 + 58) * 60_000, end: 20 * 3_600_000 };
