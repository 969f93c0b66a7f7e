/**
 * A manipulator for surveillance tests: a spoofer. Every `everyTicks` turns it picks a
 * side with its Prng, rests a large day limit (`spoofQtyLots`) `awayTicks` behind that
 * side's touch (a buy below the best bid, a sell above the best ask), trades
 * `tradeQtyLots` on the other side with an IOC at that side's touch, and cancels the
 * spoof `cancelAfterTicks` turns later. It starts no cycle that could not cancel before
 * the close, and trades only within `positionLotsMax` either way.
 *
 * `spoofs` records every spoof order with the tick it was placed and the tick its
 * cancel was sent (for tests). O(1) per turn.
 */
import type { Prng } from '../../core/kernel/prng.ts';
import type { Side } from '../../core/model/index.ts';
import { endsOrder, positionChange, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { SpooferParams } from '../scenario.ts';

export interface SpoofRecord {
  readonly clientOrderId: string;
  readonly side: Side;
  readonly day: number;
  readonly placedTick: number;
  cancelTick: number | null;
  /** Set once an event says the order stopped working before the cancel (filled, rejected). */
  endedEarly: boolean;
}

export class Spoofer implements Agent {
  readonly account: string;
  readonly spoofs: SpoofRecord[] = [];
  private readonly params: SpooferParams;
  private readonly prng: Prng;
  private positionLots = 0;
  private nextId = 1;
  private live: SpoofRecord | null = null;

  constructor(account: string, params: SpooferParams, prng: Prng) {
    this.account = account;
    this.params = params;
    this.prng = prng;
  }

  get position(): number {
    return this.positionLots;
  }

  act(view: MarketView, api: AgentApi): void {
    this.positionLots += positionChange(this.account, view.events);
    const p = this.params;
    const live = this.live;
    if (live !== null) {
      if (view.events.some((event) => endsOrder(event, this.account, live.clientOrderId))) {
        live.endedEarly = true;
        this.live = null;
      } else if (view.tick - live.placedTick >= p.cancelAfterTicks || view.day !== live.day) {
        api.cancelOrder(live.clientOrderId);
        live.cancelTick = view.tick;
        this.live = null;
      }
      return;
    }
    if (view.tick % p.everyTicks !== 0 || view.tick + p.cancelAfterTicks >= view.ticksPerDay) return;
    const bid = view.bids[0];
    const ask = view.asks[0];
    if (bid === undefined || ask === undefined) return;
    const side: Side = this.prng.nextU32() % 2 === 0 ? 'buy' : 'sell';
    const priceTicks = side === 'buy' ? bid.priceTicks - p.awayTicks : ask.priceTicks + p.awayTicks;
    if (priceTicks < 1) return;
    const clientOrderId = `${this.account}-${this.nextId++}`;
    api.submitOrder({ side, type: 'limit', qtyLots: p.spoofQtyLots, tif: 'day', clientOrderId, priceTicks });
    const record: SpoofRecord = { clientOrderId, side, day: view.day, placedTick: view.tick, cancelTick: null, endedEarly: false };
    this.spoofs.push(record);
    this.live = record;
    const tradeSide: Side = side === 'buy' ? 'sell' : 'buy';
    const after = this.positionLots + (tradeSide === 'buy' ? p.tradeQtyLots : -p.tradeQtyLots);
    if (Math.abs(after) > p.positionLotsMax) return;
    api.submitOrder({
      side: tradeSide,
      type: 'limit',
      qtyLots: p.tradeQtyLots,
      tif: 'ioc',
      clientOrderId: `${this.account}-${this.nextId++}`,
      priceTicks: tradeSide === 'buy' ? ask.priceTicks : bid.priceTicks,
    });
  }
}
