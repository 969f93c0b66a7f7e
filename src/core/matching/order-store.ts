/**
 * Working orders of one book, stored as a struct of typed arrays indexed by slot.
 *
 * A slot is reused after its order is done (free-list stack). Prices and quantities of
 * one order fit Int32 (limits.priceTicksAbsMax, limits.orderQtyLotsMax); ids and instants
 * are Float64 (safe integers). `next`/`prev` chain the orders of one price level; `level`
 * is -1 while the order is not resting (a pending stop, or an order being matched).
 *
 * Complexity: allocate and free O(1) amortised; growth doubles all columns.
 */
import { assert } from '../kernel/index.ts';
import { growTyped } from './event-tape.ts';

export const orderFlag = { postOnly: 1, pendingStop: 2, live: 4 } as const;

const initialCapacity = 1024;

export class OrderStore {
  capacity = initialCapacity;
  /** Slots ever used: every live slot is below this. */
  highWater = 0;
  liveCount = 0;
  private freeSlots = new Int32Array(initialCapacity);
  private freeCount = 0;

  orderId = new Float64Array(initialCapacity);
  account = new Int32Array(initialCapacity);
  stpGroup = new Int32Array(initialCapacity);
  side = new Uint8Array(initialCapacity);
  type = new Uint8Array(initialCapacity);
  tif = new Uint8Array(initialCapacity);
  stpMode = new Uint8Array(initialCapacity);
  flags = new Uint8Array(initialCapacity);
  /** Resting (or limit) price; for a pending `stop` the protection price it will take. */
  price = new Int32Array(initialCapacity);
  stopPrice = new Int32Array(initialCapacity);
  qty = new Int32Array(initialCapacity);
  filled = new Int32Array(initialCapacity);
  leaves = new Int32Array(initialCapacity);
  visible = new Int32Array(initialCapacity);
  /** Iceberg peak; 0 when the order shows everything. */
  display = new Int32Array(initialCapacity);
  expiryMs = new Float64Array(initialCapacity);
  /** Time priority in the stop book. */
  stopSeq = new Float64Array(initialCapacity);
  next = new Int32Array(initialCapacity);
  prev = new Int32Array(initialCapacity);
  level = new Int32Array(initialCapacity);
  clientOrderId: string[] = new Array<string>(initialCapacity).fill('');

  allocate(): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount]!;
    } else {
      if (this.highWater === this.capacity) this.grow();
      slot = this.highWater++;
    }
    this.liveCount++;
    return slot;
  }

  release(slot: number): void {
    assert((this.flags[slot]! & orderFlag.live) !== 0, `release of a slot that is not live: ${slot}`);
    this.flags[slot] = 0;
    this.level[slot] = -1;
    this.freeSlots[this.freeCount++] = slot;
    this.liveCount--;
  }

  isLive(slot: number): boolean {
    return (this.flags[slot]! & orderFlag.live) !== 0;
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.capacity = size;
    this.freeSlots = growTyped(this.freeSlots, new Int32Array(size));
    this.orderId = growTyped(this.orderId, new Float64Array(size));
    this.account = growTyped(this.account, new Int32Array(size));
    this.stpGroup = growTyped(this.stpGroup, new Int32Array(size));
    this.side = growTyped(this.side, new Uint8Array(size));
    this.type = growTyped(this.type, new Uint8Array(size));
    this.tif = growTyped(this.tif, new Uint8Array(size));
    this.stpMode = growTyped(this.stpMode, new Uint8Array(size));
    this.flags = growTyped(this.flags, new Uint8Array(size));
    this.price = growTyped(this.price, new Int32Array(size));
    this.stopPrice = growTyped(this.stopPrice, new Int32Array(size));
    this.qty = growTyped(this.qty, new Int32Array(size));
    this.filled = growTyped(this.filled, new Int32Array(size));
    this.leaves = growTyped(this.leaves, new Int32Array(size));
    this.visible = growTyped(this.visible, new Int32Array(size));
    this.display = growTyped(this.display, new Int32Array(size));
    this.expiryMs = growTyped(this.expiryMs, new Float64Array(size));
    this.stopSeq = growTyped(this.stopSeq, new Float64Array(size));
    this.next = growTyped(this.next, new Int32Array(size));
    this.prev = growTyped(this.prev, new Int32Array(size));
    this.level = growTyped(this.level, new Int32Array(size));
    while (this.clientOrderId.length < size) this.clientOrderId.push('');
  }
}
