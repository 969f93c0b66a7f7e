/**
 * A manipulator for surveillance tests: "marking the settlement" (banging the close).
 * The product settles daily on the VWAP of its closing window (closingWindowStart to
 * close); this agent holds a position and trades aggressively in that window to move the
 * settlement price its position is marked at.
 *
 * Each day, before the window, it trades toward its core position (`positionLots` in the
 * direction's sign) with IOCs of `tradeQtyLots`: building at the far touch while that is
 * within `buildLimitTicks` of the benchmark, or unwinding yesterday's marking lots at the
 * near touch. In the window, on every turn, it sends an IOC of `markQtyLots` priced
 * `markThroughTicks` through the far touch (sweeping the levels up to it), at most
 * `markLotsMaxPerDay` lots a day, its position never beyond `positionLotsMax`.
 *
 * The window is known from the virtual time (`view.tsMs`) and the product's session
 * times, passed in as milliseconds after midnight UTC. `orders` records every order with
 * its day, tick, time, phase and filled lots, for surveillance tests. No randomness.
 * O(events) per turn.
 */
import type { EngineEvent } from '../../core/engine/index.ts';
import type { Side } from '../../core/model/index.ts';
import { positionChange, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { SettlementManipulatorParams } from '../scenario.ts';
import { dayMs } from '../virtual-clock.ts';

export const manipulatorPhases = ['build', 'unwind', 'mark'] as const;
export type ManipulatorPhase = (typeof manipulatorPhases)[number];

export interface ManipulatorOrder {
  readonly clientOrderId: string;
  readonly day: number;
  readonly tick: number;
  readonly tsMs: number;
  readonly phase: ManipulatorPhase;
  readonly side: Side;
  readonly qtyLots: number;
  readonly priceTicks: number;
  readonly inClosingWindow: boolean;
  filledLots: number;
}

/** The closing window as milliseconds after midnight UTC: [startMs, endMs). */
export interface ClosingWindow {
  readonly startMs: number;
  readonly endMs: number;
}

export class SettlementManipulator implements Agent {
  readonly account: string;
  readonly orders: ManipulatorOrder[] = [];
  readonly window: ClosingWindow;
  private readonly params: SettlementManipulatorParams;
  private readonly sign: number;
  private readonly byId = new Map<string, ManipulatorOrder>();
  private positionLots = 0;
  private nextId = 1;
  private markDay = -1;
  private markSentLots = 0;

  constructor(account: string, params: SettlementManipulatorParams, window: ClosingWindow) {
    this.account = account;
    this.params = params;
    this.window = window;
    this.sign = params.direction === 'buy' ? 1 : -1;
  }

  get direction(): 'buy' | 'sell' {
    return this.params.direction;
  }

  get position(): number {
    return this.positionLots;
  }

  /** Whether `tsMs` falls in the closing window of its day. */
  inWindow(tsMs: number): boolean {
    const msOfDay = ((tsMs % dayMs) + dayMs) % dayMs;
    return msOfDay >= this.window.startMs && msOfDay < this.window.endMs;
  }

  act(view: MarketView, api: AgentApi): void {
    this.observe(view.events);
    if (this.inWindow(view.tsMs)) this.mark(view, api);
    else this.trade(view, api);
  }

  private mark(view: MarketView, api: AgentApi): void {
    const p = this.params;
    if (view.day !== this.markDay) {
      this.markDay = view.day;
      this.markSentLots = 0;
    }
    const room = p.positionLotsMax - this.sign * this.positionLots;
    const qtyLots = Math.min(p.markQtyLots, p.markLotsMaxPerDay - this.markSentLots, room);
    if (qtyLots <= 0) return;
    const far = (this.sign > 0 ? view.asks[0] : view.bids[0])?.priceTicks;
    const reference = far ?? view.lastTradeTicks ?? view.benchmarkTicks;
    const priceTicks = Math.max(1, reference + this.sign * p.markThroughTicks);
    this.markSentLots += qtyLots;
    this.send(view, api, 'mark', this.params.direction, qtyLots, priceTicks);
  }

  /** Before the window: toward the core position, building at the far touch or unwinding at the near one. */
  private trade(view: MarketView, api: AgentApi): void {
    const p = this.params;
    const held = this.sign * this.positionLots;
    const near = (this.sign > 0 ? view.bids[0] : view.asks[0])?.priceTicks;
    const far = (this.sign > 0 ? view.asks[0] : view.bids[0])?.priceTicks;
    const opposite: Side = this.params.direction === 'buy' ? 'sell' : 'buy';
    if (held < p.positionLots && far !== undefined && this.sign * (far - view.benchmarkTicks) <= p.buildLimitTicks) {
      this.send(view, api, 'build', this.params.direction, Math.min(p.tradeQtyLots, p.positionLots - held), far);
    } else if (held > p.positionLots && near !== undefined && this.sign * (view.benchmarkTicks - near) <= p.buildLimitTicks) {
      this.send(view, api, 'unwind', opposite, Math.min(p.tradeQtyLots, held - p.positionLots), near);
    }
  }

  private send(view: MarketView, api: AgentApi, phase: ManipulatorPhase, side: Side, qtyLots: number, priceTicks: number): void {
    const clientOrderId = `${this.account}-${this.nextId++}`;
    const record: ManipulatorOrder = {
      clientOrderId,
      day: view.day,
      tick: view.tick,
      tsMs: view.tsMs,
      phase,
      side,
      qtyLots,
      priceTicks,
      inClosingWindow: this.inWindow(view.tsMs),
      filledLots: 0,
    };
    this.orders.push(record);
    this.byId.set(clientOrderId, record);
    api.submitOrder({ side, type: 'limit', qtyLots, tif: 'ioc', clientOrderId, priceTicks });
  }

  private observe(events: readonly EngineEvent[]): void {
    this.positionLots += positionChange(this.account, events);
    for (const event of events) {
      if (event.type !== 'OrderFilled') continue;
      const id = event.takerAccount === this.account ? event.takerClientOrderId : null;
      const record = id === null ? undefined : this.byId.get(id);
      if (record !== undefined) record.filledLots += event.qtyLots;
    }
  }
}
