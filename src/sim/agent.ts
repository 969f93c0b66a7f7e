/**
 * What an agent sees and how it acts: the `AgentApi` (order entry, the same three
 * operations as the SDK's `submitOrder` / `cancelOrder` / `replaceOrder`, in integer
 * ticks and lots) and the `MarketView` handed to it on each of its turns.
 *
 * An agent owns one account and its own seeded `Prng`; it never reads a clock (the
 * view carries the virtual time) and never sees another agent's private events.
 */
import type { LevelView } from '../core/matching/index.ts';
import type { EngineEvent } from '../core/engine/index.ts';
import type { OrderType, Side, TimeInForce } from '../core/model/index.ts';

export interface AgentOrder {
  readonly side: Side;
  readonly type: OrderType;
  readonly qtyLots: number;
  readonly tif: TimeInForce;
  readonly clientOrderId: string;
  readonly priceTicks?: number;
}

export interface AgentReplace {
  readonly qtyLots?: number;
  readonly priceTicks?: number;
  readonly newClientOrderId?: string;
}

/** Order entry for one account on the simulated instrument; outcomes arrive as events on the next turn. */
export interface AgentApi {
  submitOrder(order: AgentOrder): void;
  cancelOrder(clientOrderId: string): void;
  replaceOrder(clientOrderId: string, changes: AgentReplace): void;
}

export interface MarketView {
  readonly day: number;
  readonly tick: number;
  readonly ticksPerDay: number;
  readonly tsMs: number;
  readonly symbol: string;
  /** The benchmark's value now, in ticks (interpolated within the day). */
  readonly benchmarkTicks: number;
  /** Top levels, best first. */
  readonly bids: readonly LevelView[];
  readonly asks: readonly LevelView[];
  readonly lastTradeTicks: number | null;
  /** The engine's events concerning this agent's account since its previous turn. */
  readonly events: readonly EngineEvent[];
}

export interface Agent {
  readonly account: string;
  /**
   * Whether the agent also acts while the contract collects orders for a call auction
   * (its orders rest; market and IOC orders cannot wait for an auction). Agents without
   * it act only in continuous trading.
   */
  readonly actsInAuction?: boolean;
  act(view: MarketView, api: AgentApi): void;
}

/** The mid of the book, or the benchmark when a side is empty. */
export function midTicks(view: MarketView): number {
  const bid = view.bids[0];
  const ask = view.asks[0];
  return bid !== undefined && ask !== undefined ? Math.floor((bid.priceTicks + ask.priceTicks) / 2) : view.benchmarkTicks;
}

/** Whether `event` ends the working life of `account`'s order `clientOrderId` (filled to zero, cancelled, expired, rejected). */
export function endsOrder(event: EngineEvent, account: string, clientOrderId: string): boolean {
  switch (event.type) {
    case 'OrderCancelled':
    case 'OrderExpired':
    case 'OrderRejected':
      return event.account === account && event.clientOrderId === clientOrderId;
    case 'OrderFilled':
      return (
        (event.makerAccount === account && event.makerClientOrderId === clientOrderId && event.makerLeavesQtyLots === 0) ||
        (event.takerAccount === account && event.takerClientOrderId === clientOrderId && event.takerLeavesQtyLots === 0)
      );
    default:
      return false;
  }
}

/** Signed lots bought minus sold by `account` in `events`. */
export function positionChange(account: string, events: readonly EngineEvent[]): number {
  let change = 0;
  for (const event of events) {
    if (event.type !== 'OrderFilled') continue;
    const aggressorIsBuy = event.aggressorSide === 'buy';
    if (event.takerAccount === account) change += aggressorIsBuy ? event.qtyLots : -event.qtyLots;
    if (event.makerAccount === account) change += aggressorIsBuy ? -event.qtyLots : event.qtyLots;
  }
  return change;
}
