/**
 * Pending stop orders of one book, in election order per side.
 *
 * Buy stops are kept by (stop price ascending, entry sequence ascending), sell stops by
 * (stop price descending, entry sequence ascending), so the first entry of a side is
 * the only one that can be the next to trigger (docs/matching.md, "Stops").
 *
 * Complexity: insert and remove O(log S) search plus an array shift; next candidate O(1).
 */
import { assert } from '../kernel/index.ts';
import type { OrderStore } from './order-store.ts';

export class StopBook {
  /** Index 0: buy stops; 1: sell stops. Values are order slots. */
  private readonly bySide: [number[], number[]] = [[], []];

  private readonly store: OrderStore;

  constructor(store: OrderStore) {
    this.store = store;
  }

  get size(): number {
    return this.bySide[0].length + this.bySide[1].length;
  }

  /** True when slot `a` comes before slot `b` in election order of side `side`. */
  private before(side: number, a: number, b: number): boolean {
    const pa = this.store.stopPrice(a);
    const pb = this.store.stopPrice(b);
    if (pa !== pb) return side === 0 ? pa < pb : pa > pb;
    return this.store.stopSeq[a]! < this.store.stopSeq[b]!;
  }

  private position(side: number, slot: number): number {
    const list = this.bySide[side === 0 ? 0 : 1];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(side, list[mid]!, slot)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Shifts by hand rather than with `splice`, which allocates the array of removed elements on every call.
  insert(slot: number): void {
    const side = this.store.side(slot);
    const list = this.bySide[side === 0 ? 0 : 1];
    const at = this.position(side, slot);
    list.push(slot);
    for (let i = list.length - 1; i > at; i--) list[i] = list[i - 1]!;
    list[at] = slot;
  }

  remove(slot: number): void {
    const side = this.store.side(slot);
    const list = this.bySide[side === 0 ? 0 : 1];
    const at = this.position(side, slot);
    if (list[at] !== slot) assert(false, `stop slot ${slot} not in the stop book`);
    for (let i = at + 1; i < list.length; i++) list[i - 1] = list[i]!;
    list.pop();
  }

  /** Every pending stop: buy stops then sell stops, each in election order. */
  inElectionOrder(): number[] {
    return [...this.bySide[0], ...this.bySide[1]];
  }

  /** The next stop to elect at last trade price `last`, or -1. Buy stops first. */
  nextTriggered(last: number): number {
    const buys = this.bySide[0];
    if (buys.length > 0 && this.store.stopPrice(buys[0]!) <= last) return buys[0]!;
    const sells = this.bySide[1];
    if (sells.length > 0 && this.store.stopPrice(sells[0]!) >= last) return sells[0]!;
    return -1;
  }
}
