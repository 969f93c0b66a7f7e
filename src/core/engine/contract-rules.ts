/**
 * The contract rules' state in the engine (ADR 0010, issue 5): the listed product
 * specifications and, per contract, its lifecycle (listed, pre-open, open, halted,
 * closed, expired, settled), prior settlement price and limit-escalation state, the
 * running record of its trading day and its last settlement.
 *
 * On the order path it answers, in the order of ADR 0010 point 2: may an order enter in
 * this state, the maximum order size, the daily limit around the prior settlement, and
 * the one-sided band around the reference price (the last trade, else the prior
 * settlement). The engine applies the session and settlement commands with the books
 * (session-commands.ts, daily-settlement.ts); this class keeps their state canonical
 * for the snapshot. A contract's state appears with its first command; until then it is
 * `listed` (no orders).
 */
import {
  applyLifecycle,
  checkCircuitBreaker,
  checkDailyLimit,
  checkOrderSize,
  checkPriceBand,
  circuitBreakerThresholdTicks,
  contractDates,
  dailyLimits,
  initialLimitState,
  newLifecycle,
  orderEntry,
  parseContractSymbol,
  priceBand,
  validateProductSpec,
  type CircuitBreakerTrip,
  type DailyLimits,
  type InstrumentLifecycle,
  type LifecycleCommand,
  type LifecycleEvent,
  type LimitState,
  type ProductSpec,
  type SettlementTier,
  type TradePrint,
} from '../contracts/index.ts';
import { limits, rejectCode, ticks, type RejectName, type Ticks } from '../kernel/index.ts';
import type { ReplaceOrder, SubmitOrder } from '../model/index.ts';
import { DayRecord, type DayRecordSnapshot } from './day-record.ts';

export interface ListProduct {
  readonly type: 'ListProduct';
  /** A product specification as in products/*.json. */
  readonly spec: unknown;
}

/** Sets a contract's prior settlement price: the first reference of a new contract, or an operator correction. */
export interface SetPriorSettlement {
  readonly type: 'SetPriorSettlement';
  readonly symbol: string;
  readonly priceTicks: number;
}

/** Computes every live contract's settlement price from the engine's own trade record, then runs clearing's cycle on them. */
export interface RunDailySettlement {
  readonly type: 'RunDailySettlement';
  readonly date: string;
  readonly cycle: 'intraday' | 'end_of_day';
}

export type ContractCommand = ListProduct | SetPriorSettlement | LifecycleCommand | RunDailySettlement;
const lifecycleCommandTypes: readonly LifecycleCommand['type'][] = [
  'StartPreOpen',
  'OpenTrading',
  'HaltTrading',
  'ResumeTrading',
  'CloseTrading',
  'ExpireContract',
  'FinalSettleContract',
];
export const contractCommandTypes: readonly ContractCommand['type'][] = [
  'ListProduct',
  'SetPriorSettlement',
  ...lifecycleCommandTypes,
  'RunDailySettlement',
];
const lifecycleTypes = new Set<string>(lifecycleCommandTypes);

export function isLifecycleCommand(command: ContractCommand): command is LifecycleCommand {
  return lifecycleTypes.has(command.type);
}

export interface ProductListed {
  readonly type: 'ProductListed';
  readonly root: string;
}

export interface PriorSettlementSet {
  readonly type: 'PriorSettlementSet';
  readonly symbol: string;
  readonly priceTicks: number;
}

export interface ContractCommandRejected {
  readonly type: 'ContractCommandRejected';
  readonly command: ContractCommand['type'];
  readonly code: number;
  readonly name: string;
  readonly reason: string;
}

/** A re-opening or opening call auction ended: the book uncrossed at `priceTicks` (null: nothing crossed). */
export interface AuctionUncrossed {
  readonly type: 'AuctionUncrossed';
  readonly symbol: string;
  readonly priceTicks: number | null;
  readonly volumeLots: number;
  readonly imbalanceLots: number;
  readonly imbalanceSide: 'buy' | 'sell' | null;
  readonly referenceTicks: number | null;
}

export interface CircuitBreakerTripped extends CircuitBreakerTrip {
  readonly type: 'CircuitBreakerTripped';
  readonly symbol: string;
}

/** One contract's settlement price of a cycle, with the tier that produced it. */
export interface SettlementPriceComputed {
  readonly type: 'SettlementPriceComputed';
  readonly symbol: string;
  readonly date: string;
  readonly cycle: 'intraday' | 'end_of_day';
  readonly priceTicks: number;
  readonly tier: SettlementTier;
  readonly unclampedTicks: number;
  readonly clampedToLimits: boolean;
  readonly volumeLots: number;
  readonly detail: string;
  /** End of day only: the escalation state the next day's limits use. */
  readonly limitState: LimitState | null;
}

export type ContractEvent =
  | ProductListed
  | PriorSettlementSet
  | ContractCommandRejected
  | LifecycleEvent
  | AuctionUncrossed
  | CircuitBreakerTripped
  | SettlementPriceComputed;

export interface SettlementRecord {
  readonly date: string;
  readonly cycle: 'intraday' | 'end_of_day';
  readonly priceTicks: number;
  readonly tier: SettlementTier;
}

export interface ContractStateSnapshot {
  readonly symbol: string;
  /** Null until the first settlement or `SetPriorSettlement` (no limits, no band). */
  readonly priorSettlementTicks: number | null;
  readonly limitState: LimitState;
  readonly lifecycle?: InstrumentLifecycle;
  /** End of a circuit-breaker pause's re-opening auction (null: no pause). */
  readonly reopenAtMs?: number | null;
  readonly day?: DayRecordSnapshot | null;
  readonly lastSettlement?: SettlementRecord | null;
  /** The trading date a limit halt kept the contract shut (SHFE: after `haltAfterLockedDays` locked days). */
  readonly limitHaltDate?: string | null;
  /** The best bid and offer when the session closed, before DAY orders expired (the limit-lock test reads them). */
  readonly closingQuote?: ClosingQuote | null;
}

export interface ClosingQuote {
  readonly date: string;
  readonly bidTicks: number | null;
  readonly askTicks: number | null;
}

export interface ContractRulesSnapshot {
  readonly products: readonly ProductSpec[];
  readonly contracts: readonly ContractStateSnapshot[];
}

export interface OrderRuleRejection {
  readonly code: number;
  readonly name: RejectName;
  readonly reason: string;
}

/** What queries see of one contract (REST, WebSocket status, the session clock). */
export interface ContractStateView {
  readonly symbol: string;
  readonly root: string;
  readonly lifecycle: InstrumentLifecycle;
  readonly priorSettlementTicks: number | null;
  readonly limitState: LimitState;
  readonly limits: DailyLimits | null;
  readonly reopenAtMs: number | null;
  readonly lastSettlement: SettlementRecord | null;
  readonly dayTrades: number;
  readonly dayVolumeLots: number;
}

export interface ContractState {
  readonly product: ProductSpec;
  priorSettlementTicks: number | null;
  limitState: LimitState;
  lifecycle: InstrumentLifecycle;
  reopenAtMs: number | null;
  day: DayRecord | null;
  lastSettlement: SettlementRecord | null;
  limitHaltDate: string | null;
  closingQuote: ClosingQuote | null;
}

/** Symbols whose parsed root `productOf` remembers (any string may arrive in a command: the memo is bounded). */
const rootMemoMax = 10_000;

export class ContractRules {
  private readonly products = new Map<string, ProductSpec>();
  private readonly contracts = new Map<string, ContractState>();
  /** symbol -> root (null: not a contract symbol), derived: `productOf` runs several times per order. */
  private readonly rootOfSymbol = new Map<string, string | null>();

  get empty(): boolean {
    return this.products.size === 0;
  }

  applyListing(command: ListProduct | SetPriorSettlement): ContractEvent[] {
    if (command.type === 'ListProduct') {
      const result = validateProductSpec(command.spec);
      if (!result.ok) {
        const first = result.problems[0];
        return [refused(command, 'field_invalid', `spec.${first?.path ?? ''}: ${first?.reason ?? 'invalid'}`)];
      }
      if (this.products.has(result.spec.root))
        return [refused(command, 'field_invalid', `spec.root: ${result.spec.root} is already listed`)];
      this.products.set(result.spec.root, result.spec);
      return [{ type: 'ProductListed', root: result.spec.root }];
    }
    const product = this.productOf(command.symbol);
    if (product === undefined)
      return [refused(command, 'unknown_instrument', `symbol: ${String(command.symbol)} is not a contract of a listed product`)];
    const price = command.priceTicks;
    if (!Number.isSafeInteger(price) || price < 1 || price > product.priceTicksMax || price > limits.priceTicksAbsMax) {
      return [refused(command, 'price_out_of_range', `priceTicks: ${String(price)} is not in [1, ${product.priceTicksMax}]`)];
    }
    this.stateFor(command.symbol, product).priorSettlementTicks = price;
    return [{ type: 'PriorSettlementSet', symbol: command.symbol, priceTicks: price }];
  }

  /** The product a contract symbol belongs to, if listed. */
  productOf(symbol: unknown): ProductSpec | undefined {
    if (typeof symbol !== 'string') return undefined;
    let root = this.rootOfSymbol.get(symbol);
    if (root === undefined) {
      root = parseContractSymbol(symbol)?.root ?? null;
      if (this.rootOfSymbol.size < rootMemoMax) this.rootOfSymbol.set(symbol, root);
    }
    return root === null ? undefined : this.products.get(root);
  }

  listedProducts(): readonly ProductSpec[] {
    return [...this.products.values()].sort((a, b) => compare(a.root, b.root));
  }

  /** The contract's state, created (listed) on its first command. */
  stateFor(symbol: string, product: ProductSpec): ContractState {
    let state = this.contracts.get(symbol);
    if (state === undefined) {
      state = {
        product,
        priorSettlementTicks: null,
        limitState: initialLimitState,
        lifecycle: listedLifecycle(symbol, product),
        reopenAtMs: null,
        day: null,
        lastSettlement: null,
        limitHaltDate: null,
        closingQuote: null,
      };
      this.contracts.set(symbol, state);
    }
    return state;
  }

  existing(symbol: string): ContractState | undefined {
    return this.contracts.get(symbol);
  }

  /** Contracts with state, in symbol order. */
  states(): readonly (readonly [string, ContractState])[] {
    return [...this.contracts.entries()].sort(([a], [b]) => compare(a, b));
  }

  /** Applies a lifecycle transition (the engine does the books' part); unchanged on rejection. */
  transition(command: LifecycleCommand, ctx: { readonly seq: number; readonly tsMs: number }): LifecycleEvent | ContractCommandRejected {
    const product = this.productOf(command.symbol);
    if (product === undefined) {
      return refused(command, 'unknown_instrument', `symbol: ${String(command.symbol)} is not a contract of a listed product`);
    }
    const state = this.stateFor(command.symbol, product);
    const { state: next, event } = applyLifecycle(state.lifecycle, command, ctx);
    state.lifecycle = next;
    // The re-opening time lives from the trip through the pause and its auction.
    if (event.type === 'InstrumentStateChanged' && command.type !== 'HaltTrading' && command.type !== 'ResumeTrading') {
      state.reopenAtMs = null;
    }
    return event;
  }

  /** Order size, lifecycle, daily limit and band of a new order; `lastTradeTicks` is the book's last trade or null. */
  checkSubmit(order: SubmitOrder, lastTradeTicks: number | null): OrderRuleRejection | null {
    const product = this.productOf(order.symbol);
    if (product === undefined) return null;
    const entry = this.checkEntry(order.symbol);
    if (entry !== null) return entry;
    const size = checkOrderSize(product, order.qtyLots, 'qtyLots');
    if (size !== null) return size;
    return this.checkPrices(order.symbol, product, order.side, order.priceTicks, order.stopPriceTicks, lastTradeTicks);
  }

  /** Lifecycle, daily limit and band of a replace's new prices (the side is the working order's). */
  checkReplace(order: ReplaceOrder, side: 'buy' | 'sell', lastTradeTicks: number | null): OrderRuleRejection | null {
    const product = this.productOf(order.symbol);
    if (product === undefined) return null;
    const entry = this.checkEntry(order.symbol);
    if (entry !== null) return entry;
    if (order.qtyLots !== undefined) {
      const size = checkOrderSize(product, order.qtyLots, 'qtyLots');
      if (size !== null) return size;
    }
    return this.checkPrices(order.symbol, product, side, order.priceTicks, order.stopPriceTicks, lastTradeTicks);
  }

  private checkEntry(symbol: string): OrderRuleRejection | null {
    const state = this.contracts.get(symbol);
    const lifecycle = state?.lifecycle ?? newLifecycle(symbol, '9999-12-31');
    return orderEntry(lifecycle);
  }

  /** Today's limits of a contract with a prior settlement. */
  limitsOf(symbol: string): DailyLimits | null {
    const state = this.contracts.get(symbol);
    if (state?.priorSettlementTicks == null) return null;
    return dailyLimits(state.product, ticks(state.priorSettlementTicks), state.limitState);
  }

  private checkPrices(
    symbol: string,
    product: ProductSpec,
    side: 'buy' | 'sell',
    price: Ticks | undefined,
    stopPrice: Ticks | undefined,
    lastTradeTicks: number | null,
  ): OrderRuleRejection | null {
    const state = this.contracts.get(symbol);
    const prior = state?.priorSettlementTicks ?? null;
    if (prior !== null) {
      const day = dailyLimits(product, ticks(prior), state!.limitState);
      for (const [field, value] of [
        ['priceTicks', price],
        ['stopPriceTicks', stopPrice],
      ] as const) {
        if (value === undefined) continue;
        const outside = checkDailyLimit(day, value, field);
        if (outside !== null) return outside;
      }
    }
    const reference = lastTradeTicks ?? prior;
    if (price !== undefined && reference !== null) {
      const outside = checkPriceBand(priceBand(product, ticks(reference)), side, price, 'priceTicks');
      if (outside !== null) return outside;
    }
    return null;
  }

  /**
   * Records a trade in the contract's day; for a continuous-trading print also checks the
   * circuit breaker against the window's earlier prints (an auction's uncross never trips
   * it: the auction is how the price is found after a pause).
   */
  recordTrade(symbol: string, print: TradePrint, continuous: boolean): CircuitBreakerTrip | null {
    const product = this.productOf(symbol);
    if (product === undefined) return null;
    const state = this.stateFor(symbol, product);
    const date = DayRecord.dateOf(print.tsMs);
    if (state.day === null || state.day.date !== date) state.day = new DayRecord(date, product);
    const windowMs = product.circuitBreaker.windowMs;
    let trip: CircuitBreakerTrip | null = null;
    if (continuous && state.priorSettlementTicks !== null && state.lifecycle.state === 'open') {
      const threshold = circuitBreakerThresholdTicks(product, ticks(state.priorSettlementTicks));
      trip = checkCircuitBreaker(product, threshold, state.day.recentPrints(print.tsMs, windowMs), print);
    }
    state.day.add(print, windowMs);
    return trip;
  }

  view(symbol: string): ContractStateView | null {
    const product = this.productOf(symbol);
    if (product === undefined) return null;
    const state = this.contracts.get(symbol);
    const lifecycle = state?.lifecycle ?? listedLifecycle(symbol, product);
    return {
      symbol,
      root: product.root,
      lifecycle,
      priorSettlementTicks: state?.priorSettlementTicks ?? null,
      limitState: state?.limitState ?? initialLimitState,
      limits: this.limitsOf(symbol),
      reopenAtMs: state?.reopenAtMs ?? null,
      lastSettlement: state?.lastSettlement ?? null,
      dayTrades: state?.day?.trades ?? 0,
      dayVolumeLots: state?.day?.volumeLots ?? 0,
    };
  }

  snapshot(): ContractRulesSnapshot {
    return {
      products: this.listedProducts(),
      contracts: this.states().map(([symbol, state]) => ({
        symbol,
        priorSettlementTicks: state.priorSettlementTicks,
        limitState: state.limitState,
        lifecycle: state.lifecycle,
        reopenAtMs: state.reopenAtMs,
        day: state.day === null ? null : state.day.snapshot(),
        lastSettlement: state.lastSettlement,
        limitHaltDate: state.limitHaltDate,
        closingQuote: state.closingQuote,
      })),
    };
  }

  static restore(snapshot: ContractRulesSnapshot): ContractRules {
    const rules = new ContractRules();
    for (const spec of snapshot.products) rules.products.set(spec.root, spec);
    for (const contract of snapshot.contracts) {
      const product = rules.productOf(contract.symbol);
      if (product === undefined) continue;
      const state = rules.stateFor(contract.symbol, product);
      state.priorSettlementTicks = contract.priorSettlementTicks;
      state.limitState = contract.limitState;
      if (contract.lifecycle !== undefined) state.lifecycle = contract.lifecycle;
      state.reopenAtMs = contract.reopenAtMs ?? null;
      state.day = contract.day == null ? null : DayRecord.restore(contract.day, product);
      state.lastSettlement = contract.lastSettlement ?? null;
      state.limitHaltDate = contract.limitHaltDate ?? null;
      state.closingQuote = contract.closingQuote ?? null;
    }
    return rules;
  }
}

/** A contract's lifecycle before its first command: listed, with the last trading day of its month. */
function listedLifecycle(symbol: string, product: ProductSpec): InstrumentLifecycle {
  const parsed = parseContractSymbol(symbol);
  return newLifecycle(symbol, parsed === null ? '9999-12-31' : contractDates(product, parsed).lastTradingDate);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function refused(command: { readonly type: ContractCommand['type'] }, name: RejectName, reason: string): ContractCommandRejected {
  return { type: 'ContractCommandRejected', command: command.type, code: rejectCode(name), name, reason };
}
