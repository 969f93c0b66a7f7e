/**
 * A mean-reversion speculator: it fades deviations of the futures price from an anchor,
 * the benchmark value or the moving average of the mid over `windowTicks` turns.
 *
 * When the best bid is at least `entryTicks` above the anchor it sells `qtyLots` with an
 * IOC at that bid (the market is rich); when the best ask is as far below the anchor it
 * buys at that ask. Once the mid is back within `exitTicks` of the anchor it trades its
 * position back toward flat, one `qtyLots` IOC at a time. Its position never exceeds
 * `positionLotsMax` either way; after each order it waits `cooldownTicks` turns. A
 * moving-average anchor waits for a full window first.
 *
 * Invariants: it sells only at a bid at least `entryTicks` above the anchor, buys only at
 * an ask as far below it, except when trading back toward flat. No randomness.
 * O(1) per turn (a running sum over a ring of mids).
 */
import type { Side } from '../../core/model/index.ts';
import { midTicks, positionChange, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { MeanReverterParams } from '../scenario.ts';

export class MeanReverter implements Agent {
  readonly account: string;
  private readonly params: MeanReverterParams;
  private positionLots = 0;
  private nextId = 1;
  private readonly mids: number[] = [];
  private midSum = 0;
  private waitUntilTurn = 0;
  private turns = 0;

  constructor(account: string, params: MeanReverterParams) {
    this.account = account;
    this.params = params;
  }

  get position(): number {
    return this.positionLots;
  }

  /** The anchor this turn, or null while a moving average is still filling. */
  private anchor(view: MarketView): number | null {
    if (this.params.anchor === 'benchmark') return view.benchmarkTicks;
    const mid = midTicks(view);
    this.mids.push(mid);
    this.midSum += mid;
    if (this.mids.length > this.params.windowTicks) this.midSum -= this.mids.shift()!;
    return this.mids.length < this.params.windowTicks ? null : Math.round(this.midSum / this.mids.length);
  }

  act(view: MarketView, api: AgentApi): void {
    this.positionLots += positionChange(this.account, view.events);
    this.turns += 1;
    const anchor = this.anchor(view);
    if (anchor === null || this.turns < this.waitUntilTurn) return;
    const { entryTicks, exitTicks, qtyLots, positionLotsMax } = this.params;
    const bid = view.bids[0]?.priceTicks;
    const ask = view.asks[0]?.priceTicks;
    if (bid !== undefined && bid - anchor >= entryTicks && this.positionLots - qtyLots >= -positionLotsMax) {
      this.send(api, 'sell', qtyLots, bid);
    } else if (ask !== undefined && anchor - ask >= entryTicks && this.positionLots + qtyLots <= positionLotsMax) {
      this.send(api, 'buy', qtyLots, ask);
    } else if (this.positionLots !== 0 && Math.abs(midTicks(view) - anchor) <= exitTicks) {
      const side: Side = this.positionLots > 0 ? 'sell' : 'buy';
      const touch = side === 'sell' ? bid : ask;
      if (touch !== undefined) this.send(api, side, Math.min(qtyLots, Math.abs(this.positionLots)), touch);
    }
  }

  private send(api: AgentApi, side: Side, qtyLots: number, priceTicks: number): void {
    api.submitOrder({ side, type: 'limit', qtyLots, tif: 'ioc', clientOrderId: `${this.account}-${this.nextId++}`, priceTicks });
    this.waitUntilTurn = this.turns + 1 + this.params.cooldownTicks;
  }
}
