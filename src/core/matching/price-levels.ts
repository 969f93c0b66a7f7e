/**
 * Price levels of one book: a pool of level records and, per side, a sorted ladder.
 *
 * A level holds a FIFO of orders (head/tail slots in the OrderStore chain), its visible
 * quantity and its order count. A side's ladder keeps its levels sorted by key, where
 * key = price for bids and -price for asks, so on both sides the best level is the last
 * entry: new best levels append, and the busiest changes (at the touch) move few entries.
 *
 * Complexity: best level O(1); find or insert O(log L) search plus a shift of the
 * entries better than the new level; remove O(log L) plus the same shift.
 */
import { assert, limits } from '../kernel/index.ts';
import { growTyped } from './event-tape.ts';

const initialLevels = 256;

export class LevelPool {
  capacity = initialLevels;
  private used = 0;
  private freeLevels = new Int32Array(initialLevels);
  private freeCount = 0;
  price = new Int32Array(initialLevels);
  head = new Int32Array(initialLevels);
  tail = new Int32Array(initialLevels);
  /** Sum of the visible quantity of the level's orders. Float64: the sum may pass Int32. */
  qty = new Float64Array(initialLevels);
  orders = new Int32Array(initialLevels);

  allocate(price: number): number {
    let level: number;
    if (this.freeCount > 0) {
      level = this.freeLevels[--this.freeCount]!;
    } else {
      if (this.used === this.capacity) this.grow();
      level = this.used++;
    }
    this.price[level] = price;
    this.head[level] = -1;
    this.tail[level] = -1;
    this.qty[level] = 0;
    this.orders[level] = 0;
    return level;
  }

  release(level: number): void {
    if (this.orders[level] !== 0 || this.qty[level] !== 0) assert(false, `release of a non-empty level ${level}`);
    this.freeLevels[this.freeCount++] = level;
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.capacity = size;
    this.freeLevels = growTyped(this.freeLevels, new Int32Array(size));
    this.price = growTyped(this.price, new Int32Array(size));
    this.head = growTyped(this.head, new Int32Array(size));
    this.tail = growTyped(this.tail, new Int32Array(size));
    this.qty = growTyped(this.qty, new Float64Array(size));
    this.orders = growTyped(this.orders, new Int32Array(size));
  }
}

export class SideLadder {
  count = 0;
  keys = new Int32Array(initialLevels);
  levels = new Int32Array(initialLevels);

  /** +1 for bids (key = price), -1 for asks (key = -price). */
  readonly sign: 1 | -1;

  constructor(sign: 1 | -1) {
    this.sign = sign;
  }

  /** The best level, or -1 when the side is empty. */
  best(): number {
    return this.count === 0 ? -1 : this.levels[this.count - 1]!;
  }

  /** Position of the first key >= `key` (binary search). */
  private lowerBound(key: number): number {
    let lo = 0;
    let hi = this.count;
    const keys = this.keys;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The level at `price`, or -1. */
  find(price: number): number {
    const key = this.sign * price;
    const n = this.count;
    if (n > 0 && this.keys[n - 1] === key) return this.levels[n - 1]!;
    const at = this.lowerBound(key);
    return at < n && this.keys[at] === key ? this.levels[at]! : -1;
  }

  /** The level at `price`, created from `pool` when missing. */
  findOrInsert(price: number, pool: LevelPool): number {
    const key = this.sign * price;
    const n = this.count;
    // Fast path: a new best level or the current best.
    if (n === 0 || this.keys[n - 1]! < key) return this.insertAt(n, key, pool.allocate(price));
    if (this.keys[n - 1] === key) return this.levels[n - 1]!;
    const at = this.lowerBound(key);
    if (this.keys[at] === key) return this.levels[at]!;
    return this.insertAt(at, key, pool.allocate(price));
  }

  private insertAt(at: number, key: number, level: number): number {
    assert(this.count < limits.priceLevelsPerSideMax, 'price levels per side above the limit');
    if (this.count === this.keys.length) {
      const size = this.keys.length * 2;
      this.keys = growTyped(this.keys, new Int32Array(size));
      this.levels = growTyped(this.levels, new Int32Array(size));
    }
    if (at < this.count) {
      this.keys.copyWithin(at + 1, at, this.count);
      this.levels.copyWithin(at + 1, at, this.count);
    }
    this.keys[at] = key;
    this.levels[at] = level;
    this.count++;
    return level;
  }

  /** Removes the level at `price` from the ladder (the caller releases it to the pool). */
  remove(price: number): void {
    const key = this.sign * price;
    const n = this.count;
    if (this.keys[n - 1] === key) {
      this.count = n - 1;
      return;
    }
    const at = this.lowerBound(key);
    if (at >= n || this.keys[at] !== key) assert(false, `no level at ${price} to remove`);
    this.keys.copyWithin(at, at + 1, n);
    this.levels.copyWithin(at, at + 1, n);
    this.count = n - 1;
  }

  /** Level at rank `i` from the best (0 = best). */
  levelAtRank(i: number): number {
    return this.levels[this.count - 1 - i]!;
  }
}
