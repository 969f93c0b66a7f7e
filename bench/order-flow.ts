/**
 * A seeded stream of realistic order commands for a few futures: for filling journals
 * (bench/fill-journal.ts) and for recovery tests (src/store/recover.test.ts).
 *
 * Shape of the flow, per command: about 55% limit orders resting around a mid price
 * that random-walks per instrument (GTC mostly, some DAY, IOC and post-only; about one
 * in eight crosses the spread and trades), 4% market IOC, 3% stops, 28% cancels of a
 * live order by client order id, 8% replaces (smaller quantity or a new price), and
 * a rare mass cancel of one account on one instrument. Quantities are mostly small.
 * Cancels and replaces name orders this flow sent and believes live; fed the engine's
 * events (`observe`), it forgets orders that filled or ended, so few are rejected as
 * unknown (as live, some are: a replace of a stop by price, a post-only that would take).
 *
 * Deterministic: the same seed gives the same commands. Memory is bounded by
 * `liveOrdersMax` (the oldest remembered order is forgotten first).
 */
import type { EngineCommand, EngineEvent } from '../src/core/engine/index.ts';
import { Prng, type Lots, type Ticks } from '../src/core/kernel/index.ts';
import type { InstrumentSpec, Side } from '../src/core/model/index.ts';

export interface OrderFlowOptions {
  readonly seed: number;
  /** Accounts trading (default 50). */
  readonly accounts?: number;
}

interface LiveOrder {
  readonly symbol: string;
  readonly account: string;
  readonly clientOrderId: string;
  readonly side: Side;
}

const liveOrdersMax = 20_000;

/** An AI-token future and two GPU-hour futures, all priced in ticks of 0.0001. */
export const flowInstruments: readonly InstrumentSpec[] = [instrument('TOKZ26'), instrument('GPUH27'), instrument('GPUM27')];

/** Where each instrument's mid starts, in ticks (25.0000, 18.0000, 17.5000). */
const startMidTicks = [250_000, 180_000, 175_000];

function instrument(symbol: string): InstrumentSpec {
  return {
    symbol,
    tickSize: '0.0001',
    lotSize: '1',
    priceTicksMin: 1 as Ticks,
    priceTicksMax: 100_000_000 as Ticks,
    orderQtyLotsMax: 10_000 as Lots,
    marketProtectionTicks: 2_000 as Ticks,
  };
}

export class OrderFlow {
  private readonly prng: Prng;
  private readonly accounts: string[];
  private readonly midTicks: number[] = [...startMidTicks];
  private readonly live: LiveOrder[] = [];
  private readonly liveIndex = new Map<string, number>();
  private listed = 0;
  private orderCount = 0;

  constructor(options: OrderFlowOptions) {
    this.prng = new Prng(options.seed);
    this.accounts = Array.from({ length: options.accounts ?? 50 }, (_, i) => `acct-${String(i).padStart(3, '0')}`);
  }

  /** The next command: the instrument listings first, then order flow. */
  next(): EngineCommand {
    if (this.listed < flowInstruments.length) return { type: 'ListInstrument', spec: flowInstruments[this.listed++]! };
    const roll = this.prng.nextFloat();
    if (roll < 0.55 || this.live.length === 0) return this.limit();
    if (roll < 0.59) return this.market();
    if (roll < 0.62) return this.stop();
    if (roll < 0.9) return this.cancel();
    if (roll < 0.98) return this.replace();
    if (roll < 0.985) return this.massCancel();
    return this.limit();
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.prng.intBetween(0, items.length - 1)]!;
  }

  /** A mostly small quantity: 1-10 lots three times in four, up to 200 otherwise. */
  private qty(): Lots {
    return (this.prng.nextFloat() < 0.75 ? this.prng.intBetween(1, 10) : this.prng.intBetween(11, 200)) as Lots;
  }

  /** Picks an instrument and moves its mid by -2..2 ticks now and then. */
  private instrumentAndMid(): { symbol: string; mid: number } {
    const index = this.prng.intBetween(0, flowInstruments.length - 1);
    if (this.prng.nextFloat() < 0.2) this.midTicks[index] = Math.max(1_000, this.midTicks[index]! + this.prng.intBetween(-2, 2));
    return { symbol: flowInstruments[index]!.symbol, mid: this.midTicks[index]! };
  }

  private newOrder(symbol: string, side: Side): LiveOrder {
    const order = { symbol, account: this.pick(this.accounts), clientOrderId: `o${++this.orderCount}`, side };
    this.remember(order);
    return order;
  }

  private remember(order: LiveOrder): void {
    if (this.live.length >= liveOrdersMax) this.forget(this.live[0]!.clientOrderId);
    this.liveIndex.set(order.clientOrderId, this.live.length);
    this.live.push(order);
  }

  /** Drops an order from the live set (swap with the last, O(1)); unknown ids are ignored. */
  private forget(clientOrderId: string): LiveOrder | undefined {
    const index = this.liveIndex.get(clientOrderId);
    if (index === undefined) return undefined;
    const order = this.live[index]!;
    const last = this.live.pop()!;
    this.liveIndex.delete(clientOrderId);
    if (last !== order) {
      this.live[index] = last;
      this.liveIndex.set(last.clientOrderId, index);
    }
    return order;
  }

  /**
   * Learns from the engine's events which orders stopped working (filled, cancelled,
   * expired, rejected) or were renamed by a replace, so later cancels and replaces
   * name live orders. Optional: without it, more of them are rejected as unknown.
   */
  observe(events: readonly EngineEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'OrderFilled':
          if (event.makerLeavesQtyLots === 0) this.forget(event.makerClientOrderId);
          if (event.takerLeavesQtyLots === 0) this.forget(event.takerClientOrderId);
          break;
        case 'OrderCancelled':
        case 'OrderExpired':
          this.forget(event.clientOrderId);
          break;
        case 'OrderRejected':
          if (event.command === 'SubmitOrder' && event.clientOrderId !== null) this.forget(event.clientOrderId);
          break;
        case 'OrderReplaced': {
          const order = this.forget(event.previousClientOrderId);
          if (order !== undefined) this.remember({ ...order, clientOrderId: event.clientOrderId });
          break;
        }
        default:
          break;
      }
    }
  }

  private limit(): EngineCommand {
    const { symbol, mid } = this.instrumentAndMid();
    const side: Side = this.prng.nextFloat() < 0.5 ? 'buy' : 'sell';
    // Distance from mid: mostly 1-20 ticks away, sometimes through the mid (crossing).
    const distance = this.prng.nextFloat() < 0.12 ? -this.prng.intBetween(1, 5) : this.prng.intBetween(1, 20);
    const priceTicks = (side === 'buy' ? mid - distance : mid + distance) as Ticks;
    const order = this.newOrder(symbol, side);
    const tifRoll = this.prng.nextFloat();
    const tif = tifRoll < 0.8 ? 'gtc' : tifRoll < 0.9 ? 'day' : 'ioc';
    const command: EngineCommand = { type: 'SubmitOrder', ...order, orderType: 'limit', qtyLots: this.qty(), tif, priceTicks };
    return tif === 'gtc' && this.prng.nextFloat() < 0.05 ? { ...command, postOnly: true } : command;
  }

  private market(): EngineCommand {
    const { symbol } = this.instrumentAndMid();
    const side: Side = this.prng.nextFloat() < 0.5 ? 'buy' : 'sell';
    return { type: 'SubmitOrder', ...this.newOrder(symbol, side), orderType: 'market', qtyLots: this.qty(), tif: 'ioc' };
  }

  private stop(): EngineCommand {
    const { symbol, mid } = this.instrumentAndMid();
    const side: Side = this.prng.nextFloat() < 0.5 ? 'buy' : 'sell';
    const away = this.prng.intBetween(5, 50);
    const stopPriceTicks = (side === 'buy' ? mid + away : mid - away) as Ticks;
    return { type: 'SubmitOrder', ...this.newOrder(symbol, side), orderType: 'stop', qtyLots: this.qty(), tif: 'gtc', stopPriceTicks };
  }

  private anyLive(): LiveOrder {
    return this.live[this.prng.intBetween(0, this.live.length - 1)]!;
  }

  private cancel(): EngineCommand {
    const { symbol, account, clientOrderId } = this.anyLive();
    // Forgotten now: a cancel succeeds or finds the order already gone.
    this.forget(clientOrderId);
    return { type: 'CancelOrder', symbol, account, clientOrderId };
  }

  /** A smaller quantity (keeps priority) or a new price; the new id is learned from OrderReplaced. */
  private replace(): EngineCommand {
    const order = this.anyLive();
    const { symbol, account, clientOrderId } = order;
    const newClientOrderId = `o${++this.orderCount}`;
    const mid = this.midTicks[flowInstruments.findIndex((spec) => spec.symbol === symbol)]!;
    const distance = this.prng.intBetween(1, 20);
    return this.prng.nextFloat() < 0.5
      ? { type: 'ReplaceOrder', symbol, account, clientOrderId, newClientOrderId, qtyLots: this.prng.intBetween(1, 5) as Lots }
      : { type: 'ReplaceOrder', symbol, account, clientOrderId, newClientOrderId,
        priceTicks: (order.side === 'buy' ? mid - distance : mid + distance) as Ticks };
  }

  private massCancel(): EngineCommand {
    const { symbol } = this.instrumentAndMid();
    return { type: 'MassCancel', account: this.pick(this.accounts), symbol };
  }
}
