/**
 * A market maker: keeps one day-limit bid and one ask around the benchmark value,
 * skewed against its inventory, and replaces a quote once its wanted price has moved
 * `requoteTicks` away. It stops bidding at `positionLotsMax` long and stops offering
 * at `positionLotsMax` short.
 *
 * A quote is live from its submission until an event says otherwise (filled to zero,
 * cancelled, expired, rejected); events arrive on the next turn. O(events) per turn.
 */
import type { EngineEvent } from '../../core/engine/index.ts';
import type { Side } from '../../core/model/index.ts';
import { positionChange, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { MarketMakerParams } from '../scenario.ts';

interface Quote {
  readonly clientOrderId: string;
  priceTicks: number;
}

export class MarketMaker implements Agent {
  readonly account: string;
  /** Quotes in the pre-open too: the opening auction is built from the makers' quotes. */
  readonly actsInAuction = true;
  private readonly params: MarketMakerParams;
  private positionLots = 0;
  private nextId = 1;
  private readonly quotes: Record<Side, Quote | null> = { buy: null, sell: null };

  constructor(account: string, params: MarketMakerParams) {
    this.account = account;
    this.params = params;
  }

  get position(): number {
    return this.positionLots;
  }

  act(view: MarketView, api: AgentApi): void {
    this.positionLots += positionChange(this.account, view.events);
    for (const event of view.events) this.forget(event);
    const fair = view.benchmarkTicks - this.params.skewTicksPerLot * this.positionLots;
    this.quote('buy', fair - this.params.halfSpreadTicks, this.positionLots < this.params.positionLotsMax, api);
    this.quote('sell', fair + this.params.halfSpreadTicks, this.positionLots > -this.params.positionLotsMax, api);
  }

  private quote(side: Side, wantedTicks: number, allowed: boolean, api: AgentApi): void {
    const current = this.quotes[side];
    const priceTicks = Math.max(1, wantedTicks);
    if (!allowed) {
      if (current !== null) api.cancelOrder(current.clientOrderId);
      this.quotes[side] = null;
      return;
    }
    if (current === null) {
      const clientOrderId = `${this.account}-${this.nextId++}`;
      api.submitOrder({ side, type: 'limit', qtyLots: this.params.qtyLots, tif: 'day', clientOrderId, priceTicks });
      this.quotes[side] = { clientOrderId, priceTicks };
    } else if (Math.abs(current.priceTicks - priceTicks) >= this.params.requoteTicks) {
      api.replaceOrder(current.clientOrderId, { priceTicks });
      current.priceTicks = priceTicks;
    }
  }

  /** Drops a quote that stopped working. */
  private forget(event: EngineEvent): void {
    for (const side of ['buy', 'sell'] as const) {
      const quote = this.quotes[side];
      if (quote === null) continue;
      const id = quote.clientOrderId;
      const gone =
        ((event.type === 'OrderCancelled' || event.type === 'OrderExpired' || event.type === 'OrderRejected') &&
          event.clientOrderId === id &&
          event.account === this.account) ||
        (event.type === 'OrderFilled' &&
          event.makerAccount === this.account &&
          event.makerClientOrderId === id &&
          event.makerLeavesQtyLots === 0) ||
        (event.type === 'OrderFilled' &&
          event.takerAccount === this.account &&
          event.takerClientOrderId === id &&
          event.takerLeavesQtyLots === 0);
      if (gone) this.quotes[side] = null;
    }
  }
}
