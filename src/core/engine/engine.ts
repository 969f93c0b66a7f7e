/**
 * The engine: the whole exchange state machine behind `apply(command, {seq, tsMs})`.
 *
 * Pure and synchronous. The sequencer hands it commands with gapless sequence numbers
 * and non-decreasing times; both are asserted, because a gap or a step back in time
 * means the log is broken and replaying on would build a wrong state. It composes the
 * contexts (today: matching; clearing and the contract rules join as they are built)
 * and offers `snapshot()` / `Engine.restore()` and a `stateHash()` over the canonical
 * snapshot, so a replay can prove it reached the same state byte for byte.
 */
import { ClearingHouse, type ClearingEvent, type ClearingSnapshot, type WorkingOrder } from '../clearing/index.ts';
import { assert, rejectCode, sha256Hex, type Lots, type RejectCode, type RejectName } from '../kernel/index.ts';
import { MatchingEngine, validateSubmitOrder, type MatchingSnapshot } from '../matching/index.ts';
import type { ApplyContext, MatchingCommand, MatchingEvent, ReplaceOrder, SubmitOrder } from '../model/index.ts';
import { WorkingExposure } from './working-exposure.ts';
import {
  ContractRules,
  contractCommandTypes,
  isLifecycleCommand,
  type ContractCommand,
  type ContractEvent,
  type ContractRulesSnapshot,
  type ContractStateView,
} from './contract-rules.ts';
import { applySessionCommand, auctionOutcome, type AuctionOutcome, type SessionHost } from './session-commands.ts';
import { runDailySettlement } from './daily-settlement.ts';
import { checkPositionLimits, utcDateOf, type ProductSpec } from '../contracts/index.ts';
import {
  applyClearingCommand,
  clearingCommandTypes,
  setUpClearing,
  type ClearingCommand,
  type ClearingCommandRejected,
} from './clearing-commands.ts';

export type EngineCommand = MatchingCommand | ClearingCommand | ContractCommand;

/** A fill the clearing house could not take (for example a contract already final-settled). */
export interface TradeNotCleared {
  readonly type: 'TradeNotCleared';
  readonly symbol: string;
  readonly tradeId: number;
  readonly code: number;
  readonly name: string;
  readonly reason: string;
}

export type EngineEvent = MatchingEvent | ClearingEvent | ClearingCommandRejected | TradeNotCleared | ContractEvent;

const clearingTypes = new Set<string>(clearingCommandTypes);
const contractTypes = new Set<string>(contractCommandTypes);

function isContractCommand(command: EngineCommand): command is ContractCommand {
  return contractTypes.has(command.type);
}

function isClearingCommand(command: EngineCommand): command is ClearingCommand {
  return clearingTypes.has(command.type);
}

/**
 * The order-flow types, nearly every command of a journal: tested first, because four
 * compares of interned strings cost less than the two Set lookups that classify the rest.
 */
function isOrderFlow(type: string): boolean {
  return type === 'SubmitOrder' || type === 'CancelOrder' || type === 'ReplaceOrder' || type === 'MassCancel';
}

export interface EngineSnapshot {
  readonly format: 'tokex-engine-snapshot';
  readonly version: 1;
  readonly lastSeq: number;
  readonly lastTsMs: number;
  readonly matching: MatchingSnapshot;
  /** Present once clearing is set up (absent keeps earlier snapshots and their hashes valid). */
  readonly clearing?: ClearingSnapshot;
  /** Present once a product is listed (likewise). */
  readonly contracts?: ContractRulesSnapshot;
}

export class Engine {
  private readonly matching: MatchingEngine;
  private readonly contracts: ContractRules;
  private clearingHouse: ClearingHouse | null;
  /** Working orders per account for the margin check; kept only while clearing is set up. */
  private exposure: WorkingExposure | null;
  private seq: number;
  private tsMs: number;

  constructor(
    matching: MatchingEngine = new MatchingEngine(),
    lastSeq = 0,
    lastTsMs = 0,
    clearing: ClearingHouse | null = null,
    contracts: ContractRules = new ContractRules(),
  ) {
    this.matching = matching;
    this.contracts = contracts;
    this.clearingHouse = clearing;
    this.exposure = clearing === null ? null : WorkingExposure.rebuild(matching);
    this.seq = lastSeq;
    this.tsMs = lastTsMs;
  }

  /** The clearing house, once set up (read access for queries). */
  get clearing(): ClearingHouse | null {
    return this.clearingHouse;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get lastTsMs(): number {
    return this.tsMs;
  }

  /** Applies the next command of the log and returns its events. */
  apply(command: EngineCommand, ctx: ApplyContext): EngineEvent[] {
    this.advance(ctx);
    if (!isOrderFlow(command.type)) {
      if (isClearingCommand(command)) return this.applyClearing(command, ctx);
      if (isContractCommand(command)) return this.applyContract(command, ctx);
    }
    if (command.type === 'SubmitOrder' && (this.clearingHouse !== null || !this.contracts.empty)) {
      const refused = this.preTrade(command, ctx.tsMs);
      if (refused !== null) return [refused];
    }
    if (command.type === 'ReplaceOrder' && (this.clearingHouse !== null || !this.contracts.empty)) {
      const refused = this.checkReplace(command);
      if (refused !== null) return [refused];
    }
    // Neither a clearing nor a contract command (both returned above).
    this.matching.apply(command as MatchingCommand, ctx);
    const matched = this.matching.decode();
    const events: EngineEvent[] = matched;
    if (this.clearingHouse !== null) this.exposure!.refresh(this.matching, matched);
    if (!this.contracts.empty) this.recordTrades(events, ctx, true);
    if (this.clearingHouse !== null) this.clearFills(this.clearingHouse, events);
    return events;
  }

  private applyContract(command: ContractCommand, ctx: ApplyContext): EngineEvent[] {
    if (command.type === 'ListProduct' || command.type === 'SetPriorSettlement') return this.contracts.applyListing(command);
    if (isLifecycleCommand(command)) return applySessionCommand(this.sessionHost(), command, ctx);
    return runDailySettlement(this.sessionHost(), command, ctx);
  }

  private sessionHost(): SessionHost {
    return {
      rules: this.contracts,
      matching: this.matching,
      clearing: this.clearingHouse,
      runInternal: (operation, ctx, events, continuous) => {
        operation();
        const matched = this.matching.decode();
        if (this.clearingHouse !== null) this.exposure!.refresh(this.matching, matched);
        const fresh: EngineEvent[] = matched;
        this.recordTrades(fresh, ctx, continuous);
        if (this.clearingHouse !== null) this.clearFills(this.clearingHouse, fresh);
        events.push(...fresh);
      },
    };
  }

  /**
   * Records the command's fills in their contracts' trading day and, for continuous
   * trading, checks the circuit breaker: a trip halts the contract at once (the fills of
   * this command stand; no order enters until the re-opening auction).
   */
  private recordTrades(events: EngineEvent[], ctx: ApplyContext, continuous: boolean): void {
    const count = events.length;
    for (let i = 0; i < count; i++) {
      const fill = events[i]!;
      if (fill.type !== 'OrderFilled') continue;
      const print = { tsMs: ctx.tsMs, priceTicks: fill.priceTicks, qtyLots: fill.qtyLots };
      const trip = this.contracts.recordTrade(fill.symbol, print, continuous);
      if (trip === null) continue;
      events.push({ type: 'CircuitBreakerTripped', symbol: fill.symbol, ...trip });
      const halted = this.contracts.transition(
        { type: 'HaltTrading', symbol: fill.symbol, reason: 'circuit_breaker', resumeAtMs: trip.auctionStartMs },
        ctx,
      );
      events.push(halted);
      if (halted.type === 'InstrumentStateChanged') this.contracts.existing(fill.symbol)!.reopenAtMs = trip.reopenAtMs;
    }
  }

  /** A contract's lifecycle, limits and last settlement (null: not a contract of a listed product). */
  contractState(symbol: string): ContractStateView | null {
    return this.contracts.view(symbol);
  }

  /** The call auction of a collecting book if it uncrossed now (the indicative price); null when the book is continuous. */
  indicativeAuction(symbol: string): AuctionOutcome | null {
    return this.matching.isAuction(symbol) ? auctionOutcome(this.matching, this.contracts, symbol) : null;
  }

  /** The listed products' specifications, by root. */
  listedProducts(): readonly ProductSpec[] {
    return this.contracts.listedProducts();
  }

  /**
   * Applies the next command without materialising its events when nothing needs them:
   * for replays that only need the state (recovery with no projection to feed,
   * benchmarks). Same state as `apply`; matching does not even write its tape. With
   * clearing set up or products listed, fills must reach the clearing house and the
   * contract rules, so it takes the full path.
   */
  applyForReplay(command: EngineCommand, ctx: ApplyContext): void {
    const matchingOnly =
      this.clearingHouse === null &&
      this.contracts.empty &&
      (isOrderFlow(command.type) || !(isClearingCommand(command) || isContractCommand(command)));
    if (!matchingOnly) {
      this.apply(command, ctx);
      return;
    }
    this.advance(ctx);
    this.matching.applyWithoutEvents(command as MatchingCommand, ctx);
  }

  private advance(ctx: ApplyContext): void {
    if (ctx.seq !== this.seq + 1) assert(false, `sequence gap: expected ${this.seq + 1}, got ${ctx.seq}`);
    if (!Number.isSafeInteger(ctx.tsMs) || ctx.tsMs < this.tsMs) assert(false, `time went back: ${ctx.tsMs} after ${this.tsMs}`);
    this.seq = ctx.seq;
    this.tsMs = ctx.tsMs;
  }

  private applyClearing(command: ClearingCommand, ctx: ApplyContext): EngineEvent[] {
    if (command.type === 'SetUpClearing') {
      const result = setUpClearing(this.clearingHouse, command);
      if (!(result instanceof ClearingHouse)) return [...result];
      this.clearingHouse = result;
      this.exposure = WorkingExposure.rebuild(this.matching);
      return [];
    }
    if (this.clearingHouse === null) {
      return [
        {
          type: 'ClearingCommandRejected',
          command: command.type,
          code: rejectCode('field_invalid'),
          name: 'field_invalid',
          reason: 'type: set up clearing first',
        },
      ];
    }
    const events: EngineEvent[] = [...applyClearingCommand(this.clearingHouse, command, ctx.tsMs)];
    this.actOnClearingRequests(this.clearingHouse, events, ctx);
    return events;
  }

  /**
   * The clearing house asks, the engine acts through the market, in the same apply:
   * a defaulter's working orders are mass-cancelled and each position is closed by a
   * market IOC order (client id `closeout-<seq>-<symbol>`), without a margin check
   * (it only reduces risk). The fills are cleared like any other. A close-out the book
   * cannot fill in full leaves a position, which `CloseOutPositions` retries.
   */
  private actOnClearingRequests(house: ClearingHouse, events: EngineEvent[], ctx: ApplyContext): void {
    const requests = events.filter((event) => event.type === 'CancelWorkingOrdersRequested' || event.type === 'CloseOutRequested');
    for (const request of requests) {
      if (request.type === 'CancelWorkingOrdersRequested') {
        this.applyInternal(house, { type: 'MassCancel', account: request.account }, ctx, events);
      } else if (request.type === 'CloseOutRequested') {
        this.applyInternal(
          house,
          {
            type: 'SubmitOrder',
            symbol: request.symbol,
            account: request.account,
            clientOrderId: `closeout-${ctx.seq}-${request.symbol}`,
            side: request.side,
            orderType: 'market',
            tif: 'ioc',
            qtyLots: request.qtyLots as Lots,
          },
          ctx,
          events,
        );
      }
    }
  }

  /** A matching command the engine itself issues within the current apply. */
  private applyInternal(house: ClearingHouse, command: MatchingCommand, ctx: ApplyContext, events: EngineEvent[]): void {
    this.matching.apply(command, ctx);
    const matched = this.matching.decode();
    this.exposure!.refresh(this.matching, matched);
    const fresh: EngineEvent[] = matched;
    this.clearFills(house, fresh);
    events.push(...fresh);
  }

  /**
   * Pre-trade checks after matching's own validation (a malformed order is left to it,
   * which names the field): the contract rules (order size, daily limit, band), then,
   * once clearing is set up, margin: only a clearing account whose equity covers the
   * initial margin with all its working orders and this one filled at worst case.
   */
  private preTrade(command: SubmitOrder, tsMs: number): EngineEvent | null {
    const spec = this.matching.book(command.symbol)?.spec;
    if (spec === undefined || validateSubmitOrder(command, spec, tsMs) !== null) return null;
    const rule = this.contracts.checkSubmit(command, this.matching.lastTradePriceTicks(command.symbol));
    if (rule !== null) return rejected(command, rule.code, rule.name, rule.reason);
    const house = this.clearingHouse;
    if (house === null) return null;
    const working = house.hasAccount(command.account) ? this.exposure!.ordersOf(command.account) : [];
    const limit = this.checkPositionLimit(house, command, working, tsMs);
    if (limit !== null) return limit;
    const order = { symbol: command.symbol, side: command.side, leavesQtyLots: command.qtyLots, priceTicks: command.priceTicks ?? null };
    const result = house.checkOrder(command.account, order, working);
    return result.ok ? null : rejected(command, result.code, result.name, `account: ${result.reason}`);
  }

  /**
   * Position limits of the order's product, counting the account's working orders on the
   * order's side as filled (the worst case: a limit caps what the account can come to
   * hold, not only what it holds now).
   */
  private checkPositionLimit(
    house: ClearingHouse,
    command: SubmitOrder,
    working: readonly WorkingOrder[],
    tsMs: number,
  ): EngineEvent | null {
    const product = this.contracts.productOf(command.symbol);
    if (product === undefined || !house.hasAccount(command.account)) return null;
    const positions: Record<string, number> = {};
    for (const [symbol, net] of house.netPositionsOf(command.account)) {
      if (this.contracts.productOf(symbol) === product) positions[symbol] = net;
    }
    for (const order of working) {
      if (order.side !== command.side || this.contracts.productOf(order.symbol) !== product) continue;
      positions[order.symbol] = (positions[order.symbol] ?? 0) + (order.side === 'buy' ? order.leavesQtyLots : -order.leavesQtyLots);
    }
    const check = checkPositionLimits(product, positions, command, utcDateOf(tsMs));
    if (check.rejection === null) return null;
    return rejected(command, rejectCode(check.rejection.name), check.rejection.name, check.rejection.reason);
  }

  /**
   * The contract rules on a replace, then margin: the account must cover its other
   * working orders and this one at its new price and quantity. A replace that neither
   * adds quantity nor moves the price passes without a margin check.
   */
  private checkReplace(command: ReplaceOrder): EngineEvent | null {
    const working = this.matching.findWorkingOrder(command);
    if (working === undefined) return null;
    const rule = this.contracts.checkReplace(command, working.side, this.matching.lastTradePriceTicks(command.symbol));
    if (rule !== null) return rejected(command, rule.code, rule.name, rule.reason);
    const house = this.clearingHouse;
    if (house === null || !house.hasAccount(working.account)) return null;
    const filled = working.qtyLots - working.leavesQtyLots;
    const leaves = command.qtyLots === undefined ? working.leavesQtyLots : command.qtyLots - filled;
    const priceTicks = command.priceTicks ?? working.priceTicks;
    if (leaves <= 0 || (leaves <= working.leavesQtyLots && priceTicks === working.priceTicks)) return null;
    const order = { symbol: command.symbol, side: working.side, leavesQtyLots: leaves, priceTicks };
    const result = house.checkOrder(working.account, order, this.exposure!.ordersOf(working.account, working.orderId));
    return result.ok ? null : rejected(command, result.code, result.name, `account: ${result.reason}`);
  }

  /**
   * Clears the fills of one command: both sides must be clearing accounts and the
   * instrument cleared. Once clearing is set up the margin check admits only such
   * orders; orders resting from before the set-up trade uncleared, as they always did.
   */
  private clearFills(house: ClearingHouse, events: EngineEvent[]): void {
    const count = events.length;
    for (let i = 0; i < count; i++) {
      const fill = events[i]!;
      if (fill.type !== 'OrderFilled') continue;
      if (!house.hasInstrument(fill.symbol) || !house.hasAccount(fill.makerAccount) || !house.hasAccount(fill.takerAccount)) continue;
      const result = house.applyTrade({
        symbol: fill.symbol,
        tradeId: fill.tradeId,
        priceTicks: fill.priceTicks,
        qtyLots: fill.qtyLots,
        aggressorSide: fill.aggressorSide,
        makerAccount: fill.makerAccount,
        takerAccount: fill.takerAccount,
      });
      if (result.ok) events.push(...result.events);
      else
        events.push({
          type: 'TradeNotCleared',
          symbol: fill.symbol,
          tradeId: fill.tradeId,
          code: result.code,
          name: result.name,
          reason: result.reason,
        });
    }
  }

  /** Read access to the books for queries (never for changes). */
  get books(): MatchingEngine {
    return this.matching;
  }

  snapshot(): EngineSnapshot {
    return {
      format: 'tokex-engine-snapshot',
      version: 1,
      lastSeq: this.seq,
      lastTsMs: this.tsMs,
      matching: this.matching.snapshot(),
      ...(this.clearingHouse !== null && { clearing: this.clearingHouse.snapshot() }),
      ...(!this.contracts.empty && { contracts: this.contracts.snapshot() }),
    };
  }

  static restore(snapshot: EngineSnapshot): Engine {
    assert(snapshot.format === 'tokex-engine-snapshot' && snapshot.version === 1, 'unknown snapshot format');
    const clearing = snapshot.clearing === undefined ? null : ClearingHouse.restore(snapshot.clearing);
    const contracts = snapshot.contracts === undefined ? new ContractRules() : ContractRules.restore(snapshot.contracts);
    return new Engine(MatchingEngine.restore(snapshot.matching), snapshot.lastSeq, snapshot.lastTsMs, clearing, contracts);
  }

  /** SHA-256 of the canonical snapshot: equal states, equal hashes. */
  stateHash(): string {
    return stateHashOf(this.snapshot());
  }
}

/** The engine's own refusal of a new order or a replace, shaped as matching's. */
function rejected(command: SubmitOrder | ReplaceOrder, code: number, name: RejectName, reason: string): EngineEvent {
  return {
    type: 'OrderRejected',
    command: command.type,
    symbol: command.symbol,
    account: command.account,
    clientOrderId: command.clientOrderId ?? null,
    orderId: command.type === 'ReplaceOrder' ? (command.orderId ?? null) : null,
    code: code as RejectCode,
    name,
    reason,
  };
}

export function stateHashOf(snapshot: EngineSnapshot): string {
  return sha256Hex(JSON.stringify(snapshot));
}
