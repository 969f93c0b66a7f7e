/**
 * The read model: orders, fills and public trades as the API shows them, projected
 * from the engine's events.
 *
 * Deterministic (a function of the command log), so a replay rebuilds it, and it is
 * saved inside snapshots next to the engine state. Order status follows FIX OrdStatus:
 * new, partially_filled, filled, cancelled, expired, rejected. A client order id names
 * one submission of an account for good: a retried submission is answered from here,
 * never sent again (idempotency), even after the order finished.
 *
 * Limits: public trades keep the last `tradesPerSymbolMax` per symbol; fills per account
 * keep the last `fillsPerAccountMax`; orders are kept in full (pruning finished orders
 * needs an archive table and is left for the reporting store).
 */
import type { EngineCommand, EngineEvent } from '../core/engine/index.ts';
import type { RejectCode, RejectName } from '../core/kernel/index.ts';
import type { OrderType, Side, StpMode, TimeInForce } from '../core/model/index.ts';

export const readModelLimits = { tradesPerSymbolMax: 1_000, fillsPerAccountMax: 10_000 } as const;

export type OrderStatus = 'new' | 'partially_filled' | 'filled' | 'cancelled' | 'expired' | 'rejected';

export interface OrderRecord {
  orderId: number | null;
  readonly account: string;
  clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly tif: TimeInForce;
  priceTicks: number | null;
  stopPriceTicks: number | null;
  qtyLots: number;
  filledQtyLots: number;
  leavesQtyLots: number;
  /** Sum of price x quantity over the fills, for the average price. */
  filledNotionalTicks: string;
  readonly displayQtyLots: number | null;
  readonly minQtyLots: number | null;
  readonly expiryMs: number | null;
  readonly postOnly: boolean;
  readonly stpMode: StpMode;
  status: OrderStatus;
  /** True once a stop order was triggered. */
  triggered: boolean;
  /** Why it ended: a cancel reason, 'expired', or a reject name. */
  endReason: string | null;
  rejection: { readonly code: RejectCode; readonly reason: RejectName; readonly message: string } | null;
  readonly createdSeq: number;
  readonly createdTsMs: number;
  updatedSeq: number;
  updatedTsMs: number;
}

export interface FillRecord {
  readonly tradeId: number;
  readonly seq: number;
  readonly tsMs: number;
  readonly symbol: string;
  readonly account: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly liquidity: 'maker' | 'taker';
}

export interface TradeRecord {
  readonly tradeId: number;
  readonly seq: number;
  readonly tsMs: number;
  readonly symbol: string;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly aggressorSide: Side;
}

export interface ReadModelSnapshot {
  readonly orders: readonly OrderRecord[];
  readonly fills: readonly FillRecord[];
  readonly trades: readonly TradeRecord[];
}

/** What one applied command changed, for the private and public streams. */
export interface ReadModelChanges {
  readonly orders: readonly OrderRecord[];
  readonly fills: readonly FillRecord[];
  readonly trades: readonly TradeRecord[];
}

export class ReadModel {
  private readonly byOrderId = new Map<number, OrderRecord>();
  /** account -> clientOrderId -> order: nested maps, so a lookup builds no key string. */
  private readonly byClientId = new Map<string, Map<string, OrderRecord>>();
  private readonly ordersByAccount = new Map<string, OrderRecord[]>();
  private readonly fillsByAccount = new Map<string, FillRecord[]>();
  private readonly tradesBySymbol = new Map<string, TradeRecord[]>();

  /** Projects one applied command's events. */
  apply(seq: number, tsMs: number, command: EngineCommand, events: readonly EngineEvent[]): ReadModelChanges {
    const orders = new Set<OrderRecord>();
    const fills: FillRecord[] = [];
    const trades: TradeRecord[] = [];
    const touch = (record: OrderRecord | undefined): void => {
      if (record === undefined) return;
      record.updatedSeq = seq;
      record.updatedTsMs = tsMs;
      orders.add(record);
    };
    for (const event of events) {
      switch (event.type) {
        case 'OrderAccepted': {
          const record = this.newRecord(seq, tsMs, event);
          record.orderId = event.orderId;
          this.byOrderId.set(event.orderId, record);
          touch(record);
          break;
        }
        case 'OrderRejected':
          if (command.type === 'SubmitOrder' && event.command === 'SubmitOrder') touch(this.rejectedRecord(seq, tsMs, command, event));
          break;
        case 'OrderFilled': {
          const maker = this.byOrderId.get(event.makerOrderId);
          const taker = this.byOrderId.get(event.takerOrderId);
          for (const [record, liquidity] of [
            [maker, 'maker'],
            [taker, 'taker'],
          ] as const) {
            if (record === undefined) continue;
            record.filledQtyLots += event.qtyLots;
            record.leavesQtyLots = liquidity === 'maker' ? event.makerLeavesQtyLots : event.takerLeavesQtyLots;
            record.filledNotionalTicks = (BigInt(record.filledNotionalTicks) + BigInt(event.priceTicks) * BigInt(event.qtyLots)).toString();
            record.status = record.leavesQtyLots === 0 ? 'filled' : 'partially_filled';
            touch(record);
            const fill: FillRecord = {
              tradeId: event.tradeId,
              seq,
              tsMs,
              symbol: event.symbol,
              account: record.account,
              orderId: record.orderId!,
              clientOrderId: record.clientOrderId,
              side: record.side,
              priceTicks: event.priceTicks,
              qtyLots: event.qtyLots,
              liquidity,
            };
            fills.push(fill);
            pushBounded(this.fillsByAccount, record.account, fill, readModelLimits.fillsPerAccountMax);
          }
          const trade: TradeRecord = {
            tradeId: event.tradeId,
            seq,
            tsMs,
            symbol: event.symbol,
            priceTicks: event.priceTicks,
            qtyLots: event.qtyLots,
            aggressorSide: event.aggressorSide,
          };
          trades.push(trade);
          pushBounded(this.tradesBySymbol, event.symbol, trade, readModelLimits.tradesPerSymbolMax);
          break;
        }
        case 'OrderCancelled':
        case 'OrderExpired': {
          const record = this.byOrderId.get(event.orderId);
          if (record === undefined) break;
          record.leavesQtyLots = 0;
          record.status = event.type === 'OrderExpired' ? 'expired' : 'cancelled';
          record.endReason = event.type === 'OrderExpired' ? 'expired' : event.reason;
          touch(record);
          break;
        }
        case 'StopTriggered': {
          const record = this.byOrderId.get(event.orderId);
          if (record !== undefined) record.triggered = true;
          touch(record);
          break;
        }
        case 'OrderReplaced': {
          const record = this.byOrderId.get(event.orderId);
          if (record === undefined) break;
          if (event.clientOrderId !== record.clientOrderId) {
            record.clientOrderId = event.clientOrderId;
            this.clientIdsOf(record.account).set(event.clientOrderId, record);
          }
          record.qtyLots = event.qtyLots;
          record.leavesQtyLots = event.leavesQtyLots;
          record.priceTicks = event.priceTicks;
          record.stopPriceTicks = event.stopPriceTicks;
          touch(record);
          break;
        }
        case 'InstrumentListed':
        case 'BookLevelChanged':
          break;
      }
    }
    return { orders: [...orders], fills, trades };
  }

  private newRecord(seq: number, tsMs: number, event: Extract<EngineEvent, { type: 'OrderAccepted' }>): OrderRecord {
    const record: OrderRecord = {
      orderId: null,
      account: event.account,
      clientOrderId: event.clientOrderId,
      symbol: event.symbol,
      side: event.side,
      orderType: event.orderType,
      tif: event.tif,
      priceTicks: event.priceTicks,
      stopPriceTicks: event.stopPriceTicks,
      qtyLots: event.qtyLots,
      filledQtyLots: 0,
      leavesQtyLots: event.qtyLots,
      filledNotionalTicks: '0',
      displayQtyLots: event.displayQtyLots,
      minQtyLots: event.minQtyLots,
      expiryMs: event.expiryMs,
      postOnly: event.postOnly,
      stpMode: event.stpMode,
      status: 'new',
      triggered: false,
      endReason: null,
      rejection: null,
      createdSeq: seq,
      createdTsMs: tsMs,
      updatedSeq: seq,
      updatedTsMs: tsMs,
    };
    this.index(record);
    return record;
  }

  private rejectedRecord(
    seq: number,
    tsMs: number,
    command: Extract<EngineCommand, { type: 'SubmitOrder' }>,
    event: Extract<EngineEvent, { type: 'OrderRejected' }>,
  ): OrderRecord {
    const record: OrderRecord = {
      orderId: null,
      account: command.account,
      clientOrderId: command.clientOrderId,
      symbol: command.symbol,
      side: command.side,
      orderType: command.orderType,
      tif: command.tif,
      priceTicks: command.priceTicks ?? null,
      stopPriceTicks: command.stopPriceTicks ?? null,
      qtyLots: command.qtyLots,
      filledQtyLots: 0,
      leavesQtyLots: 0,
      filledNotionalTicks: '0',
      displayQtyLots: command.displayQtyLots ?? null,
      minQtyLots: command.minQtyLots ?? null,
      expiryMs: command.expiryMs ?? null,
      postOnly: command.postOnly ?? false,
      stpMode: command.stpMode ?? 'none',
      status: 'rejected',
      triggered: false,
      endReason: event.name,
      rejection: { code: event.code, reason: event.name, message: event.reason },
      createdSeq: seq,
      createdTsMs: tsMs,
      updatedSeq: seq,
      updatedTsMs: tsMs,
    };
    this.index(record);
    return record;
  }

  private index(record: OrderRecord): void {
    this.clientIdsOf(record.account).set(record.clientOrderId, record);
    let list = this.ordersByAccount.get(record.account);
    if (list === undefined) {
      list = [];
      this.ordersByAccount.set(record.account, list);
    }
    list.push(record);
  }

  private clientIdsOf(account: string): Map<string, OrderRecord> {
    let ids = this.byClientId.get(account);
    if (ids === undefined) {
      ids = new Map();
      this.byClientId.set(account, ids);
    }
    return ids;
  }

  // ---- queries ------------------------------------------------------------------------

  order(orderId: number): OrderRecord | undefined {
    return this.byOrderId.get(orderId);
  }

  orderByClientId(account: string, clientOrderId: string): OrderRecord | undefined {
    return this.byClientId.get(account)?.get(clientOrderId);
  }

  /** The account's orders, newest first; `open` keeps those still working. */
  orders(account: string, which: 'open' | 'all', limit: number): OrderRecord[] {
    const list = this.ordersByAccount.get(account) ?? [];
    const out: OrderRecord[] = [];
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) {
      const record = list[i]!;
      if (which === 'all' || record.status === 'new' || record.status === 'partially_filled') out.push(record);
    }
    return out;
  }

  /** Newest first. */
  fills(account: string, limit: number): FillRecord[] {
    return newestFirst(this.fillsByAccount.get(account) ?? [], limit);
  }

  /** Newest first. */
  trades(symbol: string, limit: number): TradeRecord[] {
    return newestFirst(this.tradesBySymbol.get(symbol) ?? [], limit);
  }

  // ---- snapshot -----------------------------------------------------------------------

  snapshot(): ReadModelSnapshot {
    const orders: OrderRecord[] = [];
    for (const list of this.ordersByAccount.values()) orders.push(...list);
    orders.sort((a, b) => a.createdSeq - b.createdSeq || (a.orderId ?? 0) - (b.orderId ?? 0));
    const fills: FillRecord[] = [];
    for (const list of this.fillsByAccount.values()) fills.push(...list);
    fills.sort((a, b) => a.seq - b.seq || a.tradeId - b.tradeId || (a.liquidity === 'maker' ? -1 : 1));
    const trades: TradeRecord[] = [];
    for (const list of this.tradesBySymbol.values()) trades.push(...list);
    trades.sort((a, b) => a.tradeId - b.tradeId);
    return structuredCloneJson({ orders, fills, trades });
  }

  static restore(snapshot: ReadModelSnapshot): ReadModel {
    const model = new ReadModel();
    for (const stored of structuredCloneJson(snapshot).orders) {
      model.index(stored);
      if (stored.orderId !== null) model.byOrderId.set(stored.orderId, stored);
    }
    for (const fill of snapshot.fills) pushBounded(model.fillsByAccount, fill.account, fill, readModelLimits.fillsPerAccountMax);
    for (const trade of snapshot.trades) pushBounded(model.tradesBySymbol, trade.symbol, trade, readModelLimits.tradesPerSymbolMax);
    return model;
  }
}

function pushBounded<T>(map: Map<string, T[]>, key: string, item: T, max: number): void {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  list.push(item);
  // Trim in chunks so the amortised cost stays O(1).
  if (list.length > max + max / 4) list.splice(0, list.length - max);
}

function newestFirst<T>(list: readonly T[], limit: number): T[] {
  return list.slice(Math.max(0, list.length - limit)).reverse();
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
