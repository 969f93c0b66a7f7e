/**
 * The working orders of each account, as the pre-trade margin check needs them.
 *
 * Derived state: after every matching command the engine refreshes the orders its
 * events touched from the book itself (so prices are the book's: a market remainder at
 * its protection price, a pending stop-limit at its limit), and on restore the whole
 * index is rebuilt from the books. So it never needs to be in a snapshot, and a restored
 * engine checks margin exactly as the live one did.
 *
 * Complexity: refresh O(orders touched by the command); the working orders of one
 * account O(orders of the account).
 */
import type { WorkingOrder } from '../clearing/index.ts';
import type { MatchingEngine, WorkingOrderView } from '../matching/index.ts';
import type { MatchingEvent } from '../model/index.ts';

export class WorkingExposure {
  /** account -> orderId -> order */
  private readonly byAccount = new Map<string, Map<number, WorkingOrder>>();
  /** orderId -> account, to remove an order that stopped working. */
  private readonly owner = new Map<number, string>();

  /** The account's working orders, in order id order, but `exceptOrderId` (the order a replace changes). */
  ordersOf(account: string, exceptOrderId = -1): WorkingOrder[] {
    const orders = this.byAccount.get(account);
    if (orders === undefined) return [];
    // Orders enter in increasing id as they are accepted, so the map is nearly always in id
    // order already (not after a rebuild, which goes symbol by symbol): sort only then.
    const out: WorkingOrder[] = [];
    let previous = -1;
    for (const [orderId, order] of orders) {
      if (orderId === exceptOrderId) continue;
      if (orderId < previous) return this.sortedOrdersOf(orders, exceptOrderId);
      previous = orderId;
      out.push(order);
    }
    return out;
  }

  private sortedOrdersOf(orders: ReadonlyMap<number, WorkingOrder>, exceptOrderId: number): WorkingOrder[] {
    return [...orders.entries()]
      .filter(([orderId]) => orderId !== exceptOrderId)
      .sort((a, b) => a[0] - b[0])
      .map(([, order]) => order);
  }

  /** Refreshes every order the events of one command touched, from the books. */
  refresh(books: MatchingEngine, events: readonly MatchingEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'OrderAccepted':
        case 'OrderCancelled':
        case 'OrderExpired':
        case 'StopTriggered':
        case 'OrderReplaced':
          this.refreshOne(books, event.symbol, event.orderId);
          break;
        case 'OrderFilled':
          this.refreshOne(books, event.symbol, event.makerOrderId);
          this.refreshOne(books, event.symbol, event.takerOrderId);
          break;
        default:
          break;
      }
    }
  }

  /** Rebuilds the whole index from the books (after a restore). */
  static rebuild(books: MatchingEngine): WorkingExposure {
    const exposure = new WorkingExposure();
    for (const symbol of books.listedSymbols()) {
      for (const view of books.workingOrders(symbol)) exposure.set(view);
    }
    return exposure;
  }

  private refreshOne(books: MatchingEngine, symbol: string, orderId: number): void {
    const view = books.workingOrder(symbol, orderId);
    if (view === undefined) this.remove(orderId);
    else this.set(view);
  }

  private set(view: WorkingOrderView): void {
    let orders = this.byAccount.get(view.account);
    if (orders === undefined) {
      orders = new Map();
      this.byAccount.set(view.account, orders);
    }
    orders.set(view.orderId, { symbol: view.symbol, side: view.side, leavesQtyLots: view.leavesQtyLots, priceTicks: view.priceTicks });
    this.owner.set(view.orderId, view.account);
  }

  private remove(orderId: number): void {
    const account = this.owner.get(orderId);
    if (account === undefined) return;
    this.owner.delete(orderId);
    const orders = this.byAccount.get(account)!;
    orders.delete(orderId);
    if (orders.size === 0) this.byAccount.delete(account);
  }
}
