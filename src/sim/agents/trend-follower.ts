/**
 * A trend follower: compares the mid now with the mid `windowTicks` turns ago and, on a
 * rise of at least `thresholdTicks`, buys `qtyLots` with an IOC at the best ask (on a
 * fall, sells at the best bid), within `positionLotsMax` either way. After an order it
 * forgets its history, so one move triggers one order. O(windowTicks) memory.
 */
import { midTicks, positionChange, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { TrendFollowerParams } from '../scenario.ts';

export class TrendFollower implements Agent {
  readonly account: string;
  private readonly params: TrendFollowerParams;
  private positionLots = 0;
  private nextId = 1;
  private mids: number[] = [];

  constructor(account: string, params: TrendFollowerParams) {
    this.account = account;
    this.params = params;
  }

  get position(): number {
    return this.positionLots;
  }

  act(view: MarketView, api: AgentApi): void {
    this.positionLots += positionChange(this.account, view.events);
    const mid = midTicks(view);
    this.mids.push(mid);
    if (this.mids.length <= this.params.windowTicks) return;
    const move = mid - this.mids.shift()!;
    const { thresholdTicks, qtyLots, positionLotsMax } = this.params;
    const ask = view.asks[0];
    const bid = view.bids[0];
    if (move >= thresholdTicks && this.positionLots + qtyLots <= positionLotsMax && ask !== undefined) {
      this.send(api, 'buy', ask.priceTicks);
    } else if (move <= -thresholdTicks && this.positionLots - qtyLots >= -positionLotsMax && bid !== undefined) {
      this.send(api, 'sell', bid.priceTicks);
    }
  }

  private send(api: AgentApi, side: 'buy' | 'sell', priceTicks: number): void {
    api.submitOrder({
      side,
      type: 'limit',
      qtyLots: this.params.qtyLots,
      tif: 'ioc',
      clientOrderId: `${this.account}-${this.nextId++}`,
      priceTicks,
    });
    this.mids = [];
  }
}
