/**
 * A noise trader: on each turn, with probability `actProbability`, sends one order of
 * a random side and size (1 to `qtyLotsMax`) at a random price within
 * `priceRangeTicks` of the mid: an IOC with probability `iocProbability`, else a day
 * limit that rests until filled or expired. O(1) per turn.
 */
import type { Prng } from '../../core/kernel/prng.ts';
import { midTicks, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { NoiseTraderParams } from '../scenario.ts';

export class NoiseTrader implements Agent {
  readonly account: string;
  private readonly params: NoiseTraderParams;
  private readonly prng: Prng;
  private nextId = 1;

  constructor(account: string, params: NoiseTraderParams, prng: Prng) {
    this.account = account;
    this.params = params;
    this.prng = prng;
  }

  act(view: MarketView, api: AgentApi): void {
    if (this.prng.nextFloat() >= this.params.actProbability) return;
    const side = this.prng.nextU32() % 2 === 0 ? 'buy' : 'sell';
    const qtyLots = this.prng.intBetween(1, this.params.qtyLotsMax);
    const offset = this.prng.intBetween(-this.params.priceRangeTicks, this.params.priceRangeTicks);
    const tif = this.prng.nextFloat() < this.params.iocProbability ? 'ioc' : 'day';
    const priceTicks = Math.max(1, midTicks(view) + offset);
    api.submitOrder({ side, type: 'limit', qtyLots, tif, clientOrderId: `${this.account}-${this.nextId++}`, priceTicks });
  }
}
