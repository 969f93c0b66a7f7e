/**
 * BookBuilder: a local copy of one order book from the WebSocket book channel.
 *
 * Takes the snapshot, then updates with absolute level quantities ("0" deletes). An
 * update whose `prevSeq` is not the seq the builder holds means a message was missed:
 * the builder answers `gap`, drops its state and waits for a new snapshot (TokexSocket
 * then subscribes again). When a message carries a checksum, the CRC32 of the top 10
 * levels is compared after applying it; a mismatch also drops the state.
 *
 * Levels are kept sorted (bids high to low, asks low to high) by exact decimal
 * comparison of the wire strings, never by floating point. Complexity: O(log n) to find
 * a level, O(n) to insert or delete one (array splice; books are small).
 */
import { crc32 } from './crc32.ts';
import type { BookSnapshotMessage, BookUpdateMessage, Level } from './types.ts';

export type BookApplyResult = 'ok' | 'gap' | 'checksum_mismatch' | 'no_snapshot';
export const checksumDepth = 10;

export class BookBuilder {
  readonly symbol: string;
  private seqHeld: number | null = null;
  private readonly bidLevels: [string, string][] = [];
  private readonly askLevels: [string, string][] = [];

  constructor(symbol: string) {
    this.symbol = symbol;
  }

  /** The seq of the last applied message; null before a snapshot or after a gap. */
  get seq(): number | null {
    return this.seqHeld;
  }

  get ready(): boolean {
    return this.seqHeld !== null;
  }

  applySnapshot(message: BookSnapshotMessage): BookApplyResult {
    this.bidLevels.length = 0;
    this.askLevels.length = 0;
    for (const level of message.bids) this.set(this.bidLevels, level, 'buy');
    for (const level of message.asks) this.set(this.askLevels, level, 'sell');
    this.seqHeld = message.seq;
    return this.verify(message.checksum);
  }

  applyUpdate(message: BookUpdateMessage): BookApplyResult {
    if (this.seqHeld === null) return 'no_snapshot';
    if (message.prevSeq !== this.seqHeld) {
      this.reset();
      return 'gap';
    }
    for (const level of message.bids) this.set(this.bidLevels, level, 'buy');
    for (const level of message.asks) this.set(this.askLevels, level, 'sell');
    this.seqHeld = message.seq;
    return this.verify(message.checksum);
  }

  /** Drops the state until the next snapshot. */
  reset(): void {
    this.seqHeld = null;
    this.bidLevels.length = 0;
    this.askLevels.length = 0;
  }

  /** Best first, at most `depth` levels, as `[price, qty]`. */
  bids(depth = Number.MAX_SAFE_INTEGER): [string, string][] {
    return this.bidLevels.slice(0, depth).map(([price, qty]) => [price, qty]);
  }

  asks(depth = Number.MAX_SAFE_INTEGER): [string, string][] {
    return this.askLevels.slice(0, depth).map(([price, qty]) => [price, qty]);
  }

  /** The checksum of the current top levels, as the server computes it. */
  checksum(): number {
    const parts: string[] = [];
    for (let i = 0; i < checksumDepth; i++) {
      const bid = this.bidLevels[i];
      const ask = this.askLevels[i];
      if (bid !== undefined) parts.push(bid[0], bid[1]);
      if (ask !== undefined) parts.push(ask[0], ask[1]);
    }
    return crc32(parts.join(':'));
  }

  private verify(expected: number | undefined): BookApplyResult {
    if (expected === undefined || expected === this.checksum()) return 'ok';
    this.reset();
    return 'checksum_mismatch';
  }

  private set(levels: [string, string][], level: Level, side: 'buy' | 'sell'): void {
    const price = level[0];
    const qty = level[1];
    if (price === undefined || qty === undefined) return;
    // Bids high to low: compare reversed.
    const order = (a: string, b: string): number => (side === 'buy' ? compareDecimal(b, a) : compareDecimal(a, b));
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(levels[mid]![0], price) < 0) lo = mid + 1;
      else hi = mid;
    }
    const found = lo < levels.length && compareDecimal(levels[lo]![0], price) === 0;
    if (isZero(qty)) {
      if (found) levels.splice(lo, 1);
    } else if (found) {
      levels[lo] = [levels[lo]![0], qty];
    } else {
      levels.splice(lo, 0, [price, qty]);
    }
  }
}

export function isZero(decimal: string): boolean {
  return /^-?0*(\.0*)?$/.test(decimal);
}

/** Exact comparison of two plain decimal strings ("-12.5" < "3"): -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const negA = a.startsWith('-') && !isZero(a);
  const negB = b.startsWith('-') && !isZero(b);
  if (negA !== negB) return negA ? -1 : 1;
  const magnitude = compareMagnitude(a.replace(/^-/, ''), b.replace(/^-/, ''));
  return negA && magnitude !== 0 ? -magnitude : magnitude;
}

function compareMagnitude(a: string, b: string): number {
  const [intA = '', fracA = ''] = a.split('.');
  const [intB = '', fracB = ''] = b.split('.');
  const ia = intA.replace(/^0+/, '');
  const ib = intB.replace(/^0+/, '');
  if (ia.length !== ib.length) return ia.length < ib.length ? -1 : 1;
  if (ia !== ib) return ia < ib ? -1 : 1;
  const width = Math.max(fracA.length, fracB.length);
  const fa = fracA.padEnd(width, '0');
  const fb = fracB.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}
