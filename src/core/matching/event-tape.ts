/**
 * The event tape: the matching engine's output, written without allocating.
 *
 * Layout: one struct-of-arrays record per event, columns in typed arrays, plus three
 * reference columns (client order ids, the command, the rejection). `reset()` at the
 * start of every command; readers either walk the columns directly (the benchmark, the
 * market-data fan-out) or call `decodeTape` for immutable event objects.
 *
 * Column use per kind is fixed by the `write*` methods below and read back only by
 * `decode.ts`. Capacity doubles on demand; one command's events are bounded by the
 * working orders it can touch, which `limits` bounds.
 *
 * The tape is output only: matching never reads it back. So a replay that needs only
 * the state turns `recording` off and every write returns at once (the tape stays
 * empty); that spares the stores, and the references to commands and client order ids
 * that would otherwise keep them alive and cost write barriers.
 */
import type { MatchingCommand } from '../model/index.ts';
import type { Rejection } from './validate.ts';

export const tapeKind = {
  instrumentListed: 1,
  orderAccepted: 2,
  orderRejected: 3,
  orderFilled: 4,
  orderCancelled: 5,
  orderExpired: 6,
  stopTriggered: 7,
  orderReplaced: 8,
  bookLevelChanged: 9,
} as const;
export type TapeKind = (typeof tapeKind)[keyof typeof tapeKind];

/** Bits in the `code` column of an orderReplaced record. */
export const replacedFlag = { priorityKept: 1, hasPrice: 2, hasStopPrice: 4 } as const;

const initialCapacity = 64;

export class EventTape {
  /** Number of records written since the last reset. */
  count = 0;
  /** False: the write* methods write nothing (MatchingEngine.applyWithoutEvents). */
  recording = true;
  kind = new Uint8Array(initialCapacity);
  instrument = new Int32Array(initialCapacity);
  orderId = new Float64Array(initialCapacity);
  orderId2 = new Float64Array(initialCapacity);
  tradeId = new Float64Array(initialCapacity);
  price = new Int32Array(initialCapacity);
  qty = new Float64Array(initialCapacity);
  leaves = new Float64Array(initialCapacity);
  leaves2 = new Float64Array(initialCapacity);
  code = new Int32Array(initialCapacity);
  account = new Int32Array(initialCapacity);
  account2 = new Int32Array(initialCapacity);
  text: (string | undefined)[] = new Array<string | undefined>(initialCapacity).fill(undefined);
  text2: (string | undefined)[] = new Array<string | undefined>(initialCapacity).fill(undefined);
  command: (MatchingCommand | undefined)[] = new Array<MatchingCommand | undefined>(initialCapacity).fill(undefined);
  rejection: (Rejection | undefined)[] = new Array<Rejection | undefined>(initialCapacity).fill(undefined);

  reset(): void {
    this.count = 0;
  }

  /** Starts a record of `kind` for `instrument` and returns its index. */
  private next(kind: TapeKind, instrument: number): number {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.instrument[i] = instrument;
    return i;
  }

  writeInstrumentListed(instrument: number): void {
    if (!this.recording) return;
    this.next(tapeKind.instrumentListed, instrument);
  }

  writeAccepted(instrument: number, orderId: number, account: number, command: MatchingCommand): void {
    if (!this.recording) return;
    const i = this.next(tapeKind.orderAccepted, instrument);
    this.orderId[i] = orderId;
    this.account[i] = account;
    this.command[i] = command;
  }

  /** `instrument` is -1 when the command named no known instrument. */
  writeRejected(instrument: number, command: MatchingCommand, rejection: Rejection): void {
    if (!this.recording) return;
    const i = this.next(tapeKind.orderRejected, instrument);
    this.command[i] = command;
    this.rejection[i] = rejection;
  }

  writeFilled(
    instrument: number,
    tradeId: number,
    price: number,
    qty: number,
    aggressorSide: number,
    makerOrderId: number,
    makerAccount: number,
    makerClientOrderId: string,
    makerLeaves: number,
    takerOrderId: number,
    takerAccount: number,
    takerClientOrderId: string,
    takerLeaves: number,
  ): void {
    if (!this.recording) return;
    const i = this.next(tapeKind.orderFilled, instrument);
    this.tradeId[i] = tradeId;
    this.price[i] = price;
    this.qty[i] = qty;
    this.code[i] = aggressorSide;
    this.orderId[i] = makerOrderId;
    this.account[i] = makerAccount;
    this.text[i] = makerClientOrderId;
    this.leaves[i] = makerLeaves;
    this.orderId2[i] = takerOrderId;
    this.account2[i] = takerAccount;
    this.text2[i] = takerClientOrderId;
    this.leaves2[i] = takerLeaves;
  }

  /** `kind` is orderCancelled (with `reason`, an index into cancelReasons) or orderExpired (reason 0). */
  writeOrderDone(
    kind: typeof tapeKind.orderCancelled | typeof tapeKind.orderExpired,
    instrument: number,
    orderId: number,
    account: number,
    clientOrderId: string,
    qty: number,
    reason: number,
  ): void {
    if (!this.recording) return;
    const i = this.next(kind, instrument);
    this.orderId[i] = orderId;
    this.account[i] = account;
    this.text[i] = clientOrderId;
    this.qty[i] = qty;
    this.code[i] = reason;
  }

  writeStopTriggered(instrument: number, orderId: number, account: number, clientOrderId: string, lastPrice: number): void {
    if (!this.recording) return;
    const i = this.next(tapeKind.stopTriggered, instrument);
    this.orderId[i] = orderId;
    this.account[i] = account;
    this.text[i] = clientOrderId;
    this.price[i] = lastPrice;
  }

  writeReplaced(
    instrument: number,
    orderId: number,
    account: number,
    clientOrderId: string,
    previousClientOrderId: string,
    flags: number,
    price: number,
    stopPrice: number,
    qty: number,
    leaves: number,
  ): void {
    if (!this.recording) return;
    const i = this.next(tapeKind.orderReplaced, instrument);
    this.orderId[i] = orderId;
    this.account[i] = account;
    this.text[i] = clientOrderId;
    this.text2[i] = previousClientOrderId;
    this.code[i] = flags;
    this.price[i] = price;
    this.leaves2[i] = stopPrice;
    this.qty[i] = qty;
    this.leaves[i] = leaves;
  }

  writeLevel(instrument: number, side: number, price: number, qty: number): void {
    if (!this.recording) return;
    const i = this.next(tapeKind.bookLevelChanged, instrument);
    this.code[i] = side;
    this.price[i] = price;
    this.qty[i] = qty;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    this.kind = growTyped(this.kind, new Uint8Array(size));
    this.instrument = growTyped(this.instrument, new Int32Array(size));
    this.orderId = growTyped(this.orderId, new Float64Array(size));
    this.orderId2 = growTyped(this.orderId2, new Float64Array(size));
    this.tradeId = growTyped(this.tradeId, new Float64Array(size));
    this.price = growTyped(this.price, new Int32Array(size));
    this.qty = growTyped(this.qty, new Float64Array(size));
    this.leaves = growTyped(this.leaves, new Float64Array(size));
    this.leaves2 = growTyped(this.leaves2, new Float64Array(size));
    this.code = growTyped(this.code, new Int32Array(size));
    this.account = growTyped(this.account, new Int32Array(size));
    this.account2 = growTyped(this.account2, new Int32Array(size));
    for (const column of [this.text, this.text2, this.command, this.rejection] as unknown[][]) {
      while (column.length < size) column.push(undefined);
    }
  }
}

/** Copies `from` into the larger `to` and returns `to`. */
export function growTyped<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
