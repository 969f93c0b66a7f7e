/**
 * Working orders of one book: one 64-byte record per slot in a single Int32Array.
 *
 * Layout (array of structs, stride 16 Int32): orderId low and high words, account,
 * stpGroup, packed codes (side bit 0, type bits 1-2, tif bits 3-5, stpMode bits 6-7,
 * flags bits 8-10), price, stopPrice, qty, filled, leaves, visible, display (iceberg
 * peak, 0 = shows all), next, prev (the level's FIFO chain, -1 = none), level (-1 =
 * not resting), clientHash. Matching touches one cache line per order instead of one
 * per field, which is what keeps a 180,000-order book fast. Cold fields (GTD expiry,
 * stop sequence) and the client order id strings live in side arrays.
 *
 * Prices and quantities fit Int32 (limits.priceTicksAbsMax, limits.orderQtyLotsMax);
 * order ids are safe integers split in two 32-bit words.
 *
 * Complexity: allocate and free O(1) amortised (free-list stack); growth doubles.
 */
import { assert } from '../kernel/index.ts';
import { growTyped } from './event-tape.ts';

export const orderFlag = { postOnly: 1, pendingStop: 2, live: 4 } as const;

const stride = 16;
const initialCapacity = 1024;
const word = 4294967296;

export class OrderStore {
  capacity = initialCapacity;
  /** Slots ever used: every live slot is below this. */
  highWater = 0;
  liveCount = 0;
  private freeSlots = new Int32Array(initialCapacity);
  private freeCount = 0;
  private rec = new Int32Array(initialCapacity * stride);
  /** GTD expiry instant (Unix ms). */
  expiryMs = new Float64Array(initialCapacity);
  /** Time priority in the stop book. */
  stopSeq = new Float64Array(initialCapacity);
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
    if (!this.isLive(slot)) assert(false, `release of a slot that is not live: ${slot}`);
    this.setFlags(slot, 0);
    this.setLevel(slot, -1);
    this.freeSlots[this.freeCount++] = slot;
    this.liveCount--;
  }

  isLive(slot: number): boolean {
    return (this.flags(slot) & orderFlag.live) !== 0;
  }

  orderId(slot: number): number {
    const at = slot * stride;
    const high = this.rec[at + 1]!;
    return high === 0 ? this.rec[at]! >>> 0 : high * word + (this.rec[at]! >>> 0);
  }

  setOrderId(slot: number, orderId: number): void {
    const at = slot * stride;
    // `>>> 0` is the id modulo 2^32 without the floating-point remainder `%` would compile to.
    this.rec[at] = orderId >>> 0;
    this.rec[at + 1] = orderId < word ? 0 : Math.floor(orderId / word);
  }

  account(slot: number): number {
    return this.rec[slot * stride + 2]!;
  }

  setAccount(slot: number, value: number): void {
    this.rec[slot * stride + 2] = value;
  }

  stpGroup(slot: number): number {
    return this.rec[slot * stride + 3]!;
  }

  setStpGroup(slot: number, value: number): void {
    this.rec[slot * stride + 3] = value;
  }

  price(slot: number): number {
    return this.rec[slot * stride + 5]!;
  }

  setPrice(slot: number, value: number): void {
    this.rec[slot * stride + 5] = value;
  }

  stopPrice(slot: number): number {
    return this.rec[slot * stride + 6]!;
  }

  setStopPrice(slot: number, value: number): void {
    this.rec[slot * stride + 6] = value;
  }

  qty(slot: number): number {
    return this.rec[slot * stride + 7]!;
  }

  setQty(slot: number, value: number): void {
    this.rec[slot * stride + 7] = value;
  }

  filled(slot: number): number {
    return this.rec[slot * stride + 8]!;
  }

  setFilled(slot: number, value: number): void {
    this.rec[slot * stride + 8] = value;
  }

  leaves(slot: number): number {
    return this.rec[slot * stride + 9]!;
  }

  setLeaves(slot: number, value: number): void {
    this.rec[slot * stride + 9] = value;
  }

  visible(slot: number): number {
    return this.rec[slot * stride + 10]!;
  }

  setVisible(slot: number, value: number): void {
    this.rec[slot * stride + 10] = value;
  }

  display(slot: number): number {
    return this.rec[slot * stride + 11]!;
  }

  setDisplay(slot: number, value: number): void {
    this.rec[slot * stride + 11] = value;
  }

  next(slot: number): number {
    return this.rec[slot * stride + 12]!;
  }

  setNext(slot: number, value: number): void {
    this.rec[slot * stride + 12] = value;
  }

  prev(slot: number): number {
    return this.rec[slot * stride + 13]!;
  }

  setPrev(slot: number, value: number): void {
    this.rec[slot * stride + 13] = value;
  }

  level(slot: number): number {
    return this.rec[slot * stride + 14]!;
  }

  setLevel(slot: number, value: number): void {
    this.rec[slot * stride + 14] = value;
  }

  clientHash(slot: number): number {
    return this.rec[slot * stride + 15]!;
  }

  setClientHash(slot: number, value: number): void {
    this.rec[slot * stride + 15] = value;
  }

  side(slot: number): number {
    return (this.rec[slot * stride + 4]! >>> 0) & 1;
  }

  setSide(slot: number, value: number): void {
    const at = slot * stride + 4;
    this.rec[at] = (this.rec[at]! & ~(1 << 0)) | (value << 0);
  }

  type(slot: number): number {
    return (this.rec[slot * stride + 4]! >>> 1) & 3;
  }

  setType(slot: number, value: number): void {
    const at = slot * stride + 4;
    this.rec[at] = (this.rec[at]! & ~(3 << 1)) | (value << 1);
  }

  tif(slot: number): number {
    return (this.rec[slot * stride + 4]! >>> 3) & 7;
  }

  setTif(slot: number, value: number): void {
    const at = slot * stride + 4;
    this.rec[at] = (this.rec[at]! & ~(7 << 3)) | (value << 3);
  }

  stpMode(slot: number): number {
    return (this.rec[slot * stride + 4]! >>> 6) & 3;
  }

  setStpMode(slot: number, value: number): void {
    const at = slot * stride + 4;
    this.rec[at] = (this.rec[at]! & ~(3 << 6)) | (value << 6);
  }

  flags(slot: number): number {
    return (this.rec[slot * stride + 4]! >>> 8) & 7;
  }

  setFlags(slot: number, value: number): void {
    const at = slot * stride + 4;
    this.rec[at] = (this.rec[at]! & ~(7 << 8)) | (value << 8);
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.capacity = size;
    this.freeSlots = growTyped(this.freeSlots, new Int32Array(size));
    this.rec = growTyped(this.rec, new Int32Array(size * stride));
    this.expiryMs = growTyped(this.expiryMs, new Float64Array(size));
    this.stopSeq = growTyped(this.stopSeq, new Float64Array(size));
    while (this.clientOrderId.length < size) this.clientOrderId.push('');
  }
}
