/**
 * A hedger built from a hedge plan (src/core/hedging, placed on the simulated contract by
 * `resolvePlan`): it establishes the plan's position, `targetLots`, on an even schedule
 * over `buildDays` days (the goal rises every turn of the session) and then holds it.
 *
 * Execution, one working day-limit order at a time, at most `clipLotsMax` lots:
 * - on schedule, it rests passively at the near touch improved by `passiveTicks` (a buy
 *   bids above the best bid but below the best offer), repricing once the wanted price
 *   has moved `requoteTicks`;
 * - behind the schedule by `urgencyLots` or more, it takes the far touch;
 * - it never buys above the benchmark plus `limitTicks` (never sells below it minus
 *   them): a far touch beyond that leaves its order resting at the limit.
 * Its position plus its working order never exceeds the target; an over-hedge (not
 * expected) is trimmed with an IOC. A refused repricing cancels the order (a cancel
 * applies at once) and the next turn sends a new one. A day order expired at the close is re-sent the next
 * day. No randomness.
 *
 * Records orders sent, repricings, lots filled as maker and as taker, and the day the
 * target was first reached. O(events) per turn.
 */
import type { EngineEvent } from '../../core/engine/index.ts';
import type { Side } from '../../core/model/index.ts';
import { endsOrder, positionChange, type Agent, type AgentApi, type MarketView } from '../agent.ts';
import type { ResolvedPlan } from '../hedge-plan.ts';
import type { PlanHedgerParams } from '../scenario.ts';

export type PlanExecution = Omit<PlanHedgerParams, 'plan' | 'deferredMonths'>;

interface Working {
  readonly clientOrderId: string;
  priceTicks: number;
  /** A repricing was refused: the order is cancelled on the next turn and sent again. */
  cancelRequested: boolean;
}

export interface PlanHedgerStats {
  readonly ordersSent: number;
  readonly repricings: number;
  readonly makerLots: number;
  readonly takerLots: number;
  /** 0-based day the target was first held, or null. */
  readonly completedDay: number | null;
}

export class PlanHedger implements Agent {
  readonly account: string;
  readonly plan: ResolvedPlan;
  private readonly params: PlanExecution;
  private readonly sign: number;
  private positionLots = 0;
  private nextId = 1;
  private working: Working | null = null;
  private stats: PlanHedgerStats = { ordersSent: 0, repricings: 0, makerLots: 0, takerLots: 0, completedDay: null };

  constructor(account: string, plan: ResolvedPlan, params: PlanExecution) {
    this.account = account;
    this.plan = plan;
    this.params = params;
    this.sign = plan.side === 'buy' ? 1 : -1;
  }

  get targetLots(): number {
    return this.plan.targetLots;
  }

  /** Signed lots held. */
  get position(): number {
    return this.positionLots;
  }

  get execution(): PlanHedgerStats {
    return this.stats;
  }

  /** Lots (absolute) the schedule wants held by the end of turn `tick` of day `day`. */
  goalLots(day: number, tick: number, ticksPerDay: number): number {
    const total = Math.abs(this.plan.targetLots);
    const span = this.params.buildDays * ticksPerDay;
    const elapsed = day * ticksPerDay + tick + 1;
    return Math.min(total, Math.ceil((total * elapsed) / span));
  }

  act(view: MarketView, api: AgentApi): void {
    this.observe(view.events);
    const total = Math.abs(this.plan.targetLots);
    const held = this.sign * this.positionLots;
    if (total === 0) return;
    if (this.stats.completedDay === null && held >= total) this.stats = { ...this.stats, completedDay: view.day };
    if (held > total) return this.trim(view, api, held - total);
    const behind = this.goalLots(view.day, view.tick, view.ticksPerDay) - held;
    const priceTicks = this.wantedPrice(view, behind >= this.params.urgencyLots);
    const working = this.working;
    if (working?.cancelRequested === true) {
      api.cancelOrder(working.clientOrderId); // applied at once: the order can fill no more
      this.working = null;
      return;
    }
    if (working !== null) {
      if (Math.abs(working.priceTicks - priceTicks) >= this.params.requoteTicks) {
        api.replaceOrder(working.clientOrderId, { priceTicks });
        working.priceTicks = priceTicks;
        this.stats = { ...this.stats, repricings: this.stats.repricings + 1 };
      }
      return;
    }
    const qtyLots = Math.min(this.params.clipLotsMax, behind, total - held);
    if (qtyLots <= 0) return;
    const clientOrderId = `${this.account}-${this.nextId++}`;
    api.submitOrder({ side: this.plan.side, type: 'limit', qtyLots, tif: 'day', clientOrderId, priceTicks });
    this.working = { clientOrderId, priceTicks, cancelRequested: false };
    this.stats = { ...this.stats, ordersSent: this.stats.ordersSent + 1 };
  }

  /** The price of this turn's order: passive at the near touch, or the far touch when urgent; never past the limit. */
  private wantedPrice(view: MarketView, urgent: boolean): number {
    const s = this.sign;
    const near = (s > 0 ? view.bids[0] : view.asks[0])?.priceTicks;
    const far = (s > 0 ? view.asks[0] : view.bids[0])?.priceTicks;
    let price: number;
    if (urgent && far !== undefined) price = far;
    else {
      price = near === undefined ? view.benchmarkTicks - s * Math.max(1, this.params.passiveTicks) : near + s * this.params.passiveTicks;
      if (far !== undefined) price = s > 0 ? Math.min(price, far - 1) : Math.max(price, far + 1);
    }
    const limit = view.benchmarkTicks + s * this.params.limitTicks;
    return Math.max(1, s > 0 ? Math.min(price, limit) : Math.max(price, limit));
  }

  private trim(view: MarketView, api: AgentApi, excessLots: number): void {
    if (this.working !== null) {
      api.cancelOrder(this.working.clientOrderId);
      this.working = null;
    }
    const side: Side = this.sign > 0 ? 'sell' : 'buy';
    const touch = (side === 'sell' ? view.bids[0] : view.asks[0])?.priceTicks;
    if (touch === undefined) return;
    const qtyLots = Math.min(excessLots, this.params.clipLotsMax);
    api.submitOrder({ side, type: 'limit', qtyLots, tif: 'ioc', clientOrderId: `${this.account}-${this.nextId++}`, priceTicks: touch });
  }

  private observe(events: readonly EngineEvent[]): void {
    this.positionLots += positionChange(this.account, events);
    let { makerLots, takerLots } = this.stats;
    for (const event of events) {
      if (event.type !== 'OrderFilled') continue;
      if (event.makerAccount === this.account) makerLots += event.qtyLots;
      if (event.takerAccount === this.account) takerLots += event.qtyLots;
    }
    this.stats = { ...this.stats, makerLots, takerLots };
    const w = this.working;
    if (w === null) return;
    const replaceRefused = events.some(
      (e) =>
        e.type === 'OrderRejected' && e.command === 'ReplaceOrder' && e.account === this.account && e.clientOrderId === w.clientOrderId,
    );
    if (replaceRefused) w.cancelRequested = true;
    else if (events.some((event) => endsOrder(event, this.account, w.clientOrderId))) this.working = null;
  }
}
