/**
 * Who trades in the demo: per product, its front-month contract (the first the calendar
 * lists today, when it is listed and cleared and has a reference price), and on each
 * such contract `marketMakers` market makers and `noiseTraders` noise traders from
 * src/sim, with parameters scaled to the contract's reference price:
 *
 *   market maker i   half spread (8 + 6i) bps, size 5(i + 1) lots, skew a quarter of the
 *                    half spread per lot held, at most 30 lots either way, requote at a
 *                    third of the half spread; quotes live until filled or replaced
 *   noise trader     acts on 40 % of its turns, 1 to 4 lots within 30 bps of the mid,
 *                    half IOC, half day orders that are cancelled after 20 s
 *
 * Accounts are named by product and index (`sim-mm-TOK-0`, `sim-nt-H100-2`), not by
 * month, so they stay the same when the front month rolls. Each agent's Prng is drawn
 * from the demo's seed in plan order.
 */
import { listedContracts, type ProductSpec } from '../../core/contracts/index.ts';
import { clearingProductOf } from '../../core/clearing/index.ts';
import type { Prng } from '../../core/kernel/prng.ts';
import type { Agent } from '../../sim/agent.ts';
import { MarketMaker } from '../../sim/agents/market-maker.ts';
import { NoiseTrader } from '../../sim/agents/noise-trader.ts';
import type { Exchange } from '../exchange.ts';
import type { LiveAgentLimits } from './live-agent-api.ts';

export interface DemoContract {
  readonly symbol: string;
  readonly root: string;
  readonly currency: string;
  readonly referenceTicks: number;
}

export interface AgentPlan {
  readonly account: string;
  readonly kind: 'market_maker' | 'noise_trader';
  readonly contract: DemoContract;
  readonly limits: LiveAgentLimits;
  readonly make: (prng: Prng) => Agent;
}

export interface AgentCounts {
  readonly marketMakers: number;
  readonly noiseTraders: number;
}

const bps = (referenceTicks: number, points: number): number => Math.max(1, Math.round((referenceTicks * points) / 10_000));

/** Each product's front month on `date` that the exchange lists and clears, with its reference price. */
export function frontMonths(exchange: Exchange, products: readonly ProductSpec[], date: string): DemoContract[] {
  const out: DemoContract[] = [];
  const house = exchange.engine.clearing;
  for (const product of products) {
    const symbol = listedContracts(product, date)[0]?.symbol;
    if (symbol === undefined || exchange.units(symbol) === undefined || house?.hasInstrument(symbol) !== true) continue;
    const referenceTicks = exchange.engine.contractState(symbol)?.priorSettlementTicks ?? null;
    if (referenceTicks === null || referenceTicks <= 0) continue;
    out.push({ symbol, root: product.root, currency: clearingProductOf(product).currency, referenceTicks });
  }
  return out;
}

export function planAgents(contracts: readonly DemoContract[], counts: AgentCounts): AgentPlan[] {
  const plans: AgentPlan[] = [];
  for (const contract of contracts) {
    const reference = contract.referenceTicks;
    for (let i = 0; i < counts.marketMakers; i++) {
      const halfSpreadTicks = bps(reference, 8 + 6 * i);
      const params = {
        halfSpreadTicks,
        qtyLots: 5 * (i + 1),
        skewTicksPerLot: Math.max(1, Math.round(halfSpreadTicks / 4)),
        positionLotsMax: 30,
        requoteTicks: Math.max(1, Math.round(halfSpreadTicks / 3)),
      };
      const account = `sim-mm-${contract.root}-${i}`;
      plans.push({
        account,
        kind: 'market_maker',
        contract,
        limits: { orderTtlMs: null, workingOrdersMax: 4 },
        make: () => new MarketMaker(account, params),
      });
    }
    for (let i = 0; i < counts.noiseTraders; i++) {
      const params = { actProbability: 0.4, qtyLotsMax: 4, iocProbability: 0.5, priceRangeTicks: bps(reference, 30) };
      const account = `sim-nt-${contract.root}-${i}`;
      plans.push({
        account,
        kind: 'noise_trader',
        contract,
        limits: { orderTtlMs: 20_000, workingOrdersMax: 10 },
        make: (prng) => new NoiseTrader(account, params, prng),
      });
    }
  }
  return plans;
}
