/**
 * The `AgentApi` of one simulated agent on the live exchange: it turns the agent's
 * calls into engine commands (the same SubmitOrder / CancelOrder / ReplaceOrder a user's
 * request becomes) for the runner to send through the sequencer, and turns the engine's
 * events back into what the agent expects to see.
 *
 * Client order ids: an agent numbers its orders from 1 in each process, and the read
 * model answers a known client order id of the account's idempotency window from
 * memory instead of sending it (a restart would reuse them), so each run gets a tag and
 * the wire id is `<agent id>.<tag>`; events are shown to the agent with the tag removed.
 *
 * Rejections and housekeeping, so that the agent's idea of its orders matches the book:
 * - a refused replace leaves the original order working while the agent forgets it
 *   (it sees OrderRejected with its id), so that order is cancelled on the next turn;
 * - an order still working `orderTtlMs` after it was sent is cancelled (the demo has no
 *   end-of-day expiry yet, and a noise trader's day orders would pile up);
 * - at most `workingOrdersMax` orders work at once: the oldest are cancelled first.
 * The agent sees those cancels as OrderCancelled events, as it would see an expiry.
 *
 * Cost: O(events) per `receive`, O(working orders) per `drain`.
 */
import type { EngineCommand, EngineEvent } from '../../core/engine/index.ts';
import type { Lots, Ticks } from '../../core/kernel/index.ts';
import { limits } from '../../core/kernel/index.ts';
import type { AgentApi, AgentOrder, AgentReplace } from '../../sim/agent.ts';

export interface LiveAgentLimits {
  /** Cancel an order still working this long after it was sent; null keeps orders until filled or cancelled. */
  readonly orderTtlMs: number | null;
  readonly workingOrdersMax: number;
}

interface LiveOrder {
  readonly sentMs: number;
  cancelling: boolean;
}

const idFields = ['clientOrderId', 'previousClientOrderId', 'makerClientOrderId', 'takerClientOrderId'] as const;

export class LiveAgentApi implements AgentApi {
  readonly account: string;
  readonly symbol: string;
  private readonly suffix: string;
  private readonly limits: LiveAgentLimits;
  private readonly live = new Map<string, LiveOrder>();
  private commands: EngineCommand[] = [];
  private nowMs = 0;

  constructor(account: string, symbol: string, runTag: string, orderLimits: LiveAgentLimits) {
    this.account = account;
    this.symbol = symbol;
    this.suffix = `.${runTag}`;
    this.limits = orderLimits;
  }

  /** Orders sent and not yet known to be finished. */
  get workingOrders(): number {
    return this.live.size;
  }

  /** Sets the time of the turn about to start (the sent time of its orders). */
  beginTurn(nowMs: number): void {
    this.nowMs = nowMs;
  }

  submitOrder(order: AgentOrder): void {
    const clientOrderId = this.wireId(order.clientOrderId);
    if (clientOrderId === null) return;
    this.commands.push({
      type: 'SubmitOrder',
      symbol: this.symbol,
      account: this.account,
      clientOrderId,
      side: order.side,
      orderType: order.type,
      qtyLots: order.qtyLots as Lots,
      tif: order.tif,
      ...(order.priceTicks !== undefined && { priceTicks: order.priceTicks as Ticks }),
    });
    this.live.set(clientOrderId, { sentMs: this.nowMs, cancelling: false });
  }

  cancelOrder(clientOrderId: string): void {
    const wire = this.wireId(clientOrderId);
    if (wire !== null) this.cancelWire(wire);
  }

  replaceOrder(clientOrderId: string, changes: AgentReplace): void {
    const wire = this.wireId(clientOrderId);
    const renamed = changes.newClientOrderId === undefined ? undefined : this.wireId(changes.newClientOrderId);
    if (wire === null || renamed === null) return;
    this.commands.push({
      type: 'ReplaceOrder',
      symbol: this.symbol,
      account: this.account,
      clientOrderId: wire,
      ...(changes.qtyLots !== undefined && { qtyLots: changes.qtyLots as Lots }),
      ...(changes.priceTicks !== undefined && { priceTicks: changes.priceTicks as Ticks }),
      ...(renamed !== undefined && { newClientOrderId: renamed }),
    });
  }

  /** Updates the working set from this account's events and returns them as the agent sees them. */
  receive(events: readonly EngineEvent[]): EngineEvent[] {
    for (const event of events) this.track(event);
    return events.map((event) => this.untagged(event));
  }

  /** The commands of this turn, then the housekeeping cancels; empties the buffer. */
  drain(): EngineCommand[] {
    this.sweep();
    const out = this.commands;
    this.commands = [];
    return out;
  }

  private track(event: EngineEvent): void {
    switch (event.type) {
      case 'OrderRejected': {
        const id = event.clientOrderId;
        if (id === null || event.account !== this.account || !this.live.has(id)) return;
        // A refused replace leaves the order working, but the agent will forget it: cancel it.
        if (event.command === 'ReplaceOrder') this.cancelWire(id);
        else this.live.delete(id);
        return;
      }
      case 'OrderCancelled':
      case 'OrderExpired':
        if (event.account === this.account) this.live.delete(event.clientOrderId);
        return;
      case 'OrderReplaced': {
        const previous = this.live.get(event.previousClientOrderId);
        if (event.account !== this.account || previous === undefined || event.previousClientOrderId === event.clientOrderId) return;
        this.live.delete(event.previousClientOrderId);
        this.live.set(event.clientOrderId, previous);
        return;
      }
      case 'OrderFilled':
        if (event.makerAccount === this.account && event.makerLeavesQtyLots === 0) this.live.delete(event.makerClientOrderId);
        if (event.takerAccount === this.account && event.takerLeavesQtyLots === 0) this.live.delete(event.takerClientOrderId);
        return;
      default:
        return;
    }
  }

  /** Cancels orders past their time to live, then the oldest beyond the cap. */
  private sweep(): void {
    const { orderTtlMs, workingOrdersMax } = this.limits;
    let kept = 0;
    for (const order of this.live.values()) if (!order.cancelling) kept += 1;
    // Map order is insertion order: oldest first.
    for (const [id, order] of this.live) {
      if (order.cancelling) continue;
      const expired = orderTtlMs !== null && this.nowMs - order.sentMs >= orderTtlMs;
      if (!expired && kept <= workingOrdersMax) continue;
      this.cancelWire(id);
      kept -= 1;
    }
  }

  private cancelWire(wire: string): void {
    const order = this.live.get(wire);
    if (order?.cancelling === true) return;
    if (order !== undefined) order.cancelling = true;
    this.commands.push({ type: 'CancelOrder', symbol: this.symbol, account: this.account, clientOrderId: wire });
  }

  /** The tagged wire id, or null when it would be too long (the order is not sent). */
  private wireId(agentId: string): string | null {
    const wire = `${agentId}${this.suffix}`;
    return wire.length <= limits.clientOrderIdLengthMax ? wire : null;
  }

  private untagged(event: EngineEvent): EngineEvent {
    let copy: Record<string, unknown> | null = null;
    for (const field of idFields) {
      const value: unknown = (event as unknown as Record<string, unknown>)[field];
      if (typeof value !== 'string' || !value.endsWith(this.suffix)) continue;
      copy ??= { ...event };
      copy[field] = value.slice(0, -this.suffix.length);
    }
    return copy === null ? event : (copy as unknown as EngineEvent);
  }
}
