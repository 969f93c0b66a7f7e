/**
 * The life of every order the agents submitted, tracked from the engine's events alone:
 * `submitted` until the command's own events accept or reject it, then `working` until a
 * fill to zero, a cancel or an expiry finishes it. An order finished twice, or an event
 * for an order never accepted, is recorded as a problem; `check` compares the working
 * set with the engine's working orders. O(1) per event; O(orders) per check.
 */
import type { EngineEvent } from '../core/engine/index.ts';
import type { WorkingOrderView } from '../core/matching/index.ts';

export const orderStates = ['submitted', 'working', 'filled', 'cancelled', 'expired', 'rejected'] as const;
export type OrderState = (typeof orderStates)[number];

export class OrderStates {
  private readonly byOrderId = new Map<number, OrderState>();
  private readonly counts: Record<OrderState, number> = { submitted: 0, working: 0, filled: 0, cancelled: 0, expired: 0, rejected: 0 };
  private readonly problems: string[] = [];

  /** An agent sent a SubmitOrder; `events` are that command's events. */
  submit(account: string, clientOrderId: string, events: readonly EngineEvent[]): void {
    this.counts.submitted += 1;
    const accepted = events.find((e) => e.type === 'OrderAccepted' && e.account === account && e.clientOrderId === clientOrderId);
    const rejected = events.find((e) => e.type === 'OrderRejected' && e.account === account && e.clientOrderId === clientOrderId);
    if (accepted?.type === 'OrderAccepted') {
      this.move(accepted.orderId, 'submitted', 'working');
      this.byOrderId.set(accepted.orderId, 'working');
      this.observe(events.slice(events.indexOf(accepted) + 1));
    } else if (rejected !== undefined) {
      this.move(0, 'submitted', 'rejected');
    } else {
      this.problems.push(`order ${clientOrderId} of ${account}: neither accepted nor rejected`);
    }
  }

  /** Events of a command that submitted no agent order (cancel, replace, expiry, clearing). */
  observe(events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type === 'OrderFilled') {
        if (event.makerLeavesQtyLots === 0) this.finish(event.makerOrderId, 'filled');
        if (event.takerLeavesQtyLots === 0) this.finish(event.takerOrderId, 'filled');
      } else if (event.type === 'OrderCancelled') this.finish(event.orderId, 'cancelled');
      else if (event.type === 'OrderExpired') this.finish(event.orderId, 'expired');
    }
  }

  private move(orderId: number, from: OrderState, to: OrderState): void {
    this.counts[from] -= 1;
    this.counts[to] += 1;
    if (from !== 'submitted') this.byOrderId.set(orderId, to);
  }

  private finish(orderId: number, to: OrderState): void {
    const state = this.byOrderId.get(orderId);
    if (state === undefined) return; // not an agent's order (a close-out)
    if (state !== 'working') {
      this.problems.push(`order ${orderId}: ${to} after it was already ${state}`);
      return;
    }
    this.move(orderId, 'working', to);
  }

  stateOf(orderId: number): OrderState | undefined {
    return this.byOrderId.get(orderId);
  }

  get total(): Readonly<Record<OrderState, number>> {
    return this.counts;
  }

  /** The first problem, or null: every order in exactly one state, and the working ones are the engine's working agent orders. */
  check(engineWorking: readonly WorkingOrderView[]): string | null {
    if (this.problems.length > 0) return this.problems[0]!;
    if (this.counts.submitted !== 0) return `${this.counts.submitted} orders neither accepted nor rejected`;
    const tracked = engineWorking.filter((o) => this.byOrderId.has(o.orderId));
    for (const order of tracked) {
      if (this.byOrderId.get(order.orderId) !== 'working') {
        return `order ${order.orderId} (${order.clientOrderId}) works in the book but is ${this.byOrderId.get(order.orderId)}`;
      }
    }
    const foreign = engineWorking.find((o) => !this.byOrderId.has(o.orderId));
    if (foreign !== undefined) return `order ${foreign.orderId} (${foreign.clientOrderId}) works in the book but was never submitted`;
    if (tracked.length !== this.counts.working) {
      return `${this.counts.working} orders working by the events, ${tracked.length} in the book`;
    }
    return null;
  }
}
