/**
 * A hedger: builds a month's exposure of `targetLots` (positive buys, negative sells)
 * steadily, `dailyFraction` of the target per day (cumulative, capped at the target).
 * It keeps at most one day-limit order working, priced `passiveTicks` inside the far
 * touch (a buy bids below the best offer, a sell offers above the best bid; the
 * benchmark when that side is empty), sized so that its position plus the order never
 * exceeds the target, and cancels it once the touch has moved `requoteTicks` away.
 * O(events) per turn.
 */
import { endsOrder, positionChange, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { HedgerParams } from '../scenario.ts';

interface Working {
  readonly clientOrderId: string;
  readonly priceTicks: number;
  cancelling: boolean;
}

export class Hedger implements Agent {
  readonly account: string;
  private readonly params: HedgerParams;
  private positionLots = 0;
  private nextId = 1;
  private working: Working | null = null;

  constructor(account: string, params: HedgerParams) {
    this.account = account;
    this.params = params;
  }

  get targetLots(): number {
    return this.params.targetLots;
  }

  /** Signed lots held. */
  get position(): number {
    return this.positionLots;
  }

  /** Lots the hedger wants to hold by the end of `day` (0-based), in absolute value. */
  goalLots(day: number): number {
    const target = Math.abs(this.params.targetLots);
    return Math.min(target, Math.ceil(target * this.params.dailyFraction * (day + 1) - 1e-9));
  }

  act(view: MarketView, api: AgentApi): void {
    const sign = this.params.targetLots > 0 ? 1 : -1;
    this.positionLots += positionChange(this.account, view.events);
    const w = this.working;
    if (w !== null) {
      if (view.events.some((event) => endsOrder(event, this.account, w.clientOrderId))) this.working = null;
    }
    const touch = sign > 0 ? view.asks[0]?.priceTicks : view.bids[0]?.priceTicks;
    const wanted = Math.max(1, (touch ?? view.benchmarkTicks) - sign * this.params.passiveTicks);
    const current = this.working;
    if (current !== null) {
      if (!current.cancelling && Math.abs(current.priceTicks - wanted) >= this.params.requoteTicks) {
        api.cancelOrder(current.clientOrderId);
        current.cancelling = true;
      }
      return;
    }
    const room = this.goalLots(view.day) - sign * this.positionLots;
    const qtyLots = Math.min(room, this.params.qtyLotsMax);
    if (qtyLots <= 0) return;
    const clientOrderId = `${this.account}-${this.nextId++}`;
    const side = sign > 0 ? 'buy' : 'sell';
    api.submitOrder({ side, type: 'limit', qtyLots, tif: 'day', clientOrderId, priceTicks: wanted });
    this.working = { clientOrderId, priceTicks: wanted, cancelling: false };
  }
}
