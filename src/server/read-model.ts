/**
 * The read model: orders, fills and public trades as the API shows them, projected
 * from the engine's events.
 *
 * Deterministic (a function of the command log), so a replay rebuilds it, and it is
 * saved inside snapshots next to the engine state. Order status follows FIX OrdStatus:
 * new, partially_filled, filled, cancelled, expired, rejected. A client order id names
 * one submission of an account within its idempotency window (its working orders and
 * its newest `finishedOrdersPerAccountMax` finished ones): a retried submission is
 * answered from here, never sent again, even after the order finished.
 *
 * Clearing: the variation margin each settlement cycle posted to an account (from
 * `VariationMarginPosted`), and the account's daily statement of every end-of-day cycle.
 * The clearing house keeps only the latest frozen statement, so when a
 * `SettlementCycleCompleted` end-of-day event is applied the statements of that date are
 * copied here from the house the sequencer passes in (`apply(..., clearing)`), with the
 * currency of each position's product (learned from the accepted `AddClearingProduct`
 * and `RegisterClearedInstrument` commands). Live and in recovery the engine's house is
 * handed over as it is after each command, so statements are copied the same way.
 *
 * Limits: public trades keep the last `tradesPerSymbolMax` per symbol; fills per account
 * keep the last `fillsPerAccountMax`; settlements per account the last
 * `settlementsPerAccountMax` (about two years of two cycles a day in one currency);
 * statements per account the last `statementsPerAccountMax` end-of-day dates (memory:
 * accounts x 31 statements; older ones belong to the reporting store). Orders: every
 * working order, and the newest `finishedOrdersPerAccountMax` finished orders of each
 * account (by creation); older finished orders leave memory (the journal keeps them),
 * and with them their client order ids, which is the idempotency window. Memory is
 * bounded by working orders + accounts x the window, whatever the order rate: before,
 * a busy exchange grew by about a kilobyte per order until garbage collection and
 * snapshots dominated.
 */
import type { ClearingHouse, SettlementCycle, Statement, StatementPosition } from '../core/clearing/index.ts';
import type { EngineCommand, EngineEvent } from '../core/engine/index.ts';
import type { RejectCode, RejectName } from '../core/kernel/index.ts';
import type { OrderType, Side, StpMode, TimeInForce } from '../core/model/index.ts';

export const readModelLimits = {
  tradesPerSymbolMax: 1_000,
  fillsPerAccountMax: 10_000,
  settlementsPerAccountMax: 1_000,
  statementsPerAccountMax: 31,
  finishedOrdersPerAccountMax: 10_000,
} as const;

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
  /** Client order ids the order had before replaces that changed it (a retry of the submission still finds it). */
  formerClientOrderIds?: string[];
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

/** Variation margin one settlement cycle posted to one account in one currency (paid > 0, collected < 0). */
export interface SettlementRecord {
  readonly seq: number;
  readonly tsMs: number;
  readonly account: string;
  readonly date: string;
  readonly cycle: SettlementCycle;
  readonly currency: string;
  readonly amountMinor: string;
}

/** A statement position with the currency its P&L is in ('' when the product was not seen). */
export interface StoredStatementPosition extends StatementPosition {
  readonly currency: string;
}

/** An account's statement as the clearing house froze it at an end-of-day cycle. */
export interface StatementRecord extends Statement {
  readonly seq: number;
  readonly tsMs: number;
  readonly positions: readonly StoredStatementPosition[];
}

export interface ReadModelSnapshot {
  readonly orders: readonly OrderRecord[];
  readonly fills: readonly FillRecord[];
  readonly trades: readonly TradeRecord[];
  /** Absent in snapshots taken before clearing was projected. */
  readonly settlements?: readonly SettlementRecord[];
  readonly statements?: readonly StatementRecord[];
  /** Currency of each cleared product and symbol, sorted by root and by symbol. */
  readonly clearedProducts?: readonly { readonly root: string; readonly currency: string }[];
  readonly clearedSymbols?: readonly { readonly symbol: string; readonly currency: string }[];
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
  /** Each account's retained orders in creation order, with how many of them are finished. */
  private readonly ordersByAccount = new Map<string, AccountOrders>();
  private readonly fillsByAccount = new Map<string, FillRecord[]>();
  private readonly tradesBySymbol = new Map<string, TradeRecord[]>();
  private readonly settlementsByAccount = new Map<string, SettlementRecord[]>();
  private readonly statementsByAccount = new Map<string, StatementRecord[]>();
  private readonly currencyByRoot = new Map<string, string>();
  private readonly currencyBySymbol = new Map<string, string>();

  /**
   * Projects one applied command's events. `clearing` is the engine's clearing house just
   * after this command (null before clearing is set up, or when replaying without it).
   */
  apply(
    seq: number,
    tsMs: number,
    command: EngineCommand,
    events: readonly EngineEvent[],
    clearing: ClearingHouse | null = null,
  ): ReadModelChanges {
    // One array per command, no closures: this runs for every order the exchange takes.
    const orders: OrderRecord[] = [];
    const fills: FillRecord[] = [];
    const trades: TradeRecord[] = [];
    this.learnCurrencies(command, events);
    for (const event of events) {
      switch (event.type) {
        case 'OrderAccepted': {
          const record = this.newRecord(seq, tsMs, event);
          record.orderId = event.orderId;
          this.byOrderId.set(event.orderId, record);
          orders.push(record);
          break;
        }
        case 'OrderRejected':
          if (command.type === 'SubmitOrder' && event.command === 'SubmitOrder') {
            const record = this.rejectedRecord(seq, tsMs, command, event);
            orders.push(record);
            this.finished(record);
          }
          break;
        case 'OrderFilled': {
          const maker = this.byOrderId.get(event.makerOrderId);
          const taker = this.byOrderId.get(event.takerOrderId);
          if (maker !== undefined) this.fill(seq, tsMs, maker, 'maker', event.makerLeavesQtyLots, event, orders, fills);
          if (taker !== undefined) this.fill(seq, tsMs, taker, 'taker', event.takerLeavesQtyLots, event, orders, fills);
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
          record.endReason = event.type === 'OrderExpired' ? 'expired' : event.reason;
          this.setStatus(record, event.type === 'OrderExpired' ? 'expired' : 'cancelled');
          touch(record, seq, tsMs, orders);
          break;
        }
        case 'StopTriggered': {
          const record = this.byOrderId.get(event.orderId);
          if (record === undefined) break;
          record.triggered = true;
          touch(record, seq, tsMs, orders);
          break;
        }
        case 'OrderReplaced': {
          const record = this.byOrderId.get(event.orderId);
          if (record === undefined) break;
          if (event.clientOrderId !== record.clientOrderId) {
            (record.formerClientOrderIds ??= []).push(record.clientOrderId);
            record.clientOrderId = event.clientOrderId;
            this.clientIdsOf(record.account).set(event.clientOrderId, record);
          }
          record.qtyLots = event.qtyLots;
          record.leavesQtyLots = event.leavesQtyLots;
          record.priceTicks = event.priceTicks;
          record.stopPriceTicks = event.stopPriceTicks;
          touch(record, seq, tsMs, orders);
          break;
        }
        case 'VariationMarginPosted': {
          const record: SettlementRecord = {
            seq,
            tsMs,
            account: event.account,
            date: event.date,
            cycle: event.cycle,
            currency: event.currency,
            amountMinor: String(event.amountMinor),
          };
          pushBounded(this.settlementsByAccount, event.account, record, readModelLimits.settlementsPerAccountMax);
          break;
        }
        case 'SettlementCycleCompleted':
          if (event.cycle !== 'end_of_day') break;
          // Settlement events exist only with a clearing house, which every caller hands over.
          if (clearing !== null) this.captureStatements(clearing, seq, tsMs, event.date);
          break;
        default:
          break;
      }
    }
    return { orders, fills, trades };
  }

  /** One side of a fill: the order's quantities and status, its fill record. */
  private fill(
    seq: number,
    tsMs: number,
    record: OrderRecord,
    liquidity: 'maker' | 'taker',
    leavesQtyLots: number,
    event: Extract<EngineEvent, { type: 'OrderFilled' }>,
    orders: OrderRecord[],
    fills: FillRecord[],
  ): void {
    record.filledQtyLots += event.qtyLots;
    record.leavesQtyLots = leavesQtyLots;
    record.filledNotionalTicks = addNotional(record.filledNotionalTicks, event.priceTicks, event.qtyLots);
    this.setStatus(record, leavesQtyLots === 0 ? 'filled' : 'partially_filled');
    touch(record, seq, tsMs, orders);
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

  /** Moves a working order to `status`; a move out of working counts it finished for retention. */
  private setStatus(record: OrderRecord, status: OrderStatus): void {
    const wasWorking = isWorking(record.status);
    record.status = status;
    if (wasWorking && !isWorking(status)) this.finished(record);
  }

  /**
   * Counts one more finished order of the account; past the window (plus a quarter, so the
   * O(retained) pass runs once per window/4 finished orders) the oldest finished ones go.
   */
  private finished(record: OrderRecord): void {
    const held = this.ordersByAccount.get(record.account);
    if (held === undefined) return;
    held.finished++;
    const max = readModelLimits.finishedOrdersPerAccountMax;
    if (held.finished > max + max / 4) this.forgetOldestFinished(held, held.finished - max);
  }

  /** Drops the `count` oldest finished orders of one account from every index; working orders stay. */
  private forgetOldestFinished(held: AccountOrders, count: number): void {
    const kept: OrderRecord[] = [];
    let left = count;
    for (const record of held.list) {
      if (left > 0 && !isWorking(record.status)) {
        left--;
        this.unindex(record);
      } else kept.push(record);
    }
    held.list = kept;
    held.finished -= count - left;
  }

  private unindex(record: OrderRecord): void {
    if (record.orderId !== null && this.byOrderId.get(record.orderId) === record) this.byOrderId.delete(record.orderId);
    const ids = this.byClientId.get(record.account);
    if (ids === undefined) return;
    if (ids.get(record.clientOrderId) === record) ids.delete(record.clientOrderId);
    for (const former of record.formerClientOrderIds ?? []) if (ids.get(former) === record) ids.delete(former);
  }

  /** O(accounts + their positions): the statement of every account the house froze at `date`. */
  private captureStatements(clearing: ClearingHouse, seq: number, tsMs: number, date: string): void {
    for (const account of clearing.accountIds()) {
      const statement = clearing.statementOf(account);
      if (statement === null || statement.date !== date) continue;
      const record: StatementRecord = {
        ...statement,
        seq,
        tsMs,
        positions: statement.positions.map((p) => ({ ...p, currency: this.currencyBySymbol.get(p.symbol) ?? '' })),
      };
      const list = this.statementsByAccount.get(account);
      // A date is frozen once per account (a settlement cycle runs once), but a replayed capture must not duplicate it.
      if (list?.at(-1)?.date === date) list.pop();
      pushBounded(this.statementsByAccount, account, record, readModelLimits.statementsPerAccountMax);
    }
  }

  /** The product currency of each cleared symbol, from the accepted set-up commands. */
  private learnCurrencies(command: EngineCommand, events: readonly EngineEvent[]): void {
    if (command.type !== 'AddClearingProduct' && command.type !== 'RegisterClearedInstrument') return;
    if (events.some((event) => event.type === 'ClearingCommandRejected')) return;
    if (command.type === 'AddClearingProduct') {
      this.currencyByRoot.set(command.root, command.currency);
      return;
    }
    const currency = this.currencyByRoot.get(command.root);
    if (currency !== undefined) this.currencyBySymbol.set(command.symbol, currency);
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
    const ids = this.clientIdsOf(record.account);
    for (const former of record.formerClientOrderIds ?? []) ids.set(former, record);
    ids.set(record.clientOrderId, record);
    let held = this.ordersByAccount.get(record.account);
    if (held === undefined) {
      held = { list: [], finished: 0 };
      this.ordersByAccount.set(record.account, held);
    }
    held.list.push(record);
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
    const list = this.ordersByAccount.get(account)?.list ?? [];
    const out: OrderRecord[] = [];
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) {
      const record = list[i]!;
      if (which === 'all' || isWorking(record.status)) out.push(record);
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

  /** The variation margin posted to the account, newest first. */
  settlements(account: string, limit: number): SettlementRecord[] {
    return newestFirst(this.settlementsByAccount.get(account) ?? [], limit);
  }

  /** The account's statement of the end-of-day cycle of `date`, if among its last `statementsPerAccountMax`. */
  statement(account: string, date: string): StatementRecord | undefined {
    const list = this.statementsByAccount.get(account) ?? [];
    const oldest = Math.max(0, list.length - readModelLimits.statementsPerAccountMax);
    for (let i = list.length - 1; i >= oldest; i--) if (list[i]!.date === date) return list[i];
    return undefined;
  }

  // ---- snapshot -----------------------------------------------------------------------

  snapshot(): ReadModelSnapshot {
    const orders: OrderRecord[] = [];
    for (const held of this.ordersByAccount.values()) orders.push(...held.list);
    orders.sort((a, b) => a.createdSeq - b.createdSeq || (a.orderId ?? 0) - (b.orderId ?? 0));
    const fills: FillRecord[] = [];
    for (const list of this.fillsByAccount.values()) fills.push(...list);
    fills.sort((a, b) => a.seq - b.seq || a.tradeId - b.tradeId || (a.liquidity === 'maker' ? -1 : 1));
    const trades: TradeRecord[] = [];
    for (const list of this.tradesBySymbol.values()) trades.push(...list);
    trades.sort((a, b) => a.tradeId - b.tradeId);
    // Per account in account order, each list as kept: restore rebuilds the same lists.
    const byAccount = <T>(map: Map<string, T[]>): T[] =>
      [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, list]) => list);
    const settlements = byAccount(this.settlementsByAccount);
    const statements = byAccount(this.statementsByAccount);
    const sorted = (map: Map<string, string>): [string, string][] => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const clearedProducts = sorted(this.currencyByRoot).map(([root, currency]) => ({ root, currency }));
    const clearedSymbols = sorted(this.currencyBySymbol).map(([symbol, currency]) => ({ symbol, currency }));
    return structuredCloneJson({ orders, fills, trades, settlements, statements, clearedProducts, clearedSymbols });
  }

  static restore(snapshot: ReadModelSnapshot): ReadModel {
    const model = new ReadModel();
    for (const stored of structuredCloneJson(snapshot).orders) {
      model.index(stored);
      if (stored.orderId !== null) model.byOrderId.set(stored.orderId, stored);
      if (!isWorking(stored.status)) model.ordersByAccount.get(stored.account)!.finished++;
    }
    for (const fill of snapshot.fills) pushBounded(model.fillsByAccount, fill.account, fill, readModelLimits.fillsPerAccountMax);
    for (const trade of snapshot.trades) pushBounded(model.tradesBySymbol, trade.symbol, trade, readModelLimits.tradesPerSymbolMax);
    const copy = structuredCloneJson({ settlements: snapshot.settlements ?? [], statements: snapshot.statements ?? [] });
    for (const record of copy.settlements) {
      pushBounded(model.settlementsByAccount, record.account, record, readModelLimits.settlementsPerAccountMax);
    }
    for (const record of copy.statements) {
      pushBounded(model.statementsByAccount, record.account, record, readModelLimits.statementsPerAccountMax);
    }
    for (const { root, currency } of snapshot.clearedProducts ?? []) model.currencyByRoot.set(root, currency);
    for (const { symbol, currency } of snapshot.clearedSymbols ?? []) model.currencyBySymbol.set(symbol, currency);
    return model;
  }
}

interface AccountOrders {
  list: OrderRecord[];
  /** How many orders of `list` are finished. */
  finished: number;
}

function isWorking(status: OrderStatus): boolean {
  return status === 'new' || status === 'partially_filled';
}

/** Stamps a change of `record` by the command at `seq`, listing it once per command. */
function touch(record: OrderRecord, seq: number, tsMs: number, orders: OrderRecord[]): void {
  if (record.updatedSeq === seq && orders.includes(record)) return;
  record.updatedSeq = seq;
  record.updatedTsMs = tsMs;
  orders.push(record);
}

/** `notional + price x qty` as a decimal string; plain numbers while exact, BigInt beyond 2^53. */
function addNotional(notional: string, priceTicks: number, qtyLots: number): string {
  const sum = Number(notional) + priceTicks * qtyLots;
  if (Number.isSafeInteger(sum)) return String(sum);
  return (BigInt(notional) + BigInt(priceTicks) * BigInt(qtyLots)).toString();
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
