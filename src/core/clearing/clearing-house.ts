/**
 * The clearing house as a deterministic state machine: members and their accounts,
 * collateral in a double-entry ledger, positions from trades, SPAN margin, variation
 * margin cycles, margin calls, default management and final settlement.
 *
 * Time and dates arrive as arguments (`tsMs`, `date`); nothing reads a clock. Commands
 * from operators and the engine return a `ClearingResult`: either events, or a rejection
 * with a 6xxx code and nothing changed (every check runs before the first mutation).
 *
 * Ledger accounts: `collateral:<account>` per account, `default_fund:<member>` per
 * member, and the clearing house's `custody` (contra of cash held), `ccp:own_capital`,
 * `ccp:fee_income` and `ccp:settlement` (variation margin and final settlement pass
 * through it; its balance is 0 after every cycle, asserted).
 *
 * Invariants: the books balance after every command; the variation margin of a cycle
 * sums to exactly 0 per currency; each account's collateral changes only by deposits,
 * withdrawals, fees, variation margin, final settlement and default cover (asserted in
 * every statement); after final settlement no position remains in the contract.
 * Margin and equity compare per currency (no cross-currency offsets or FX haircuts).
 * Complexity: a trade O(1); margin of an account O(positions x 16); a cycle O(positions).
 *
 * `snapshot()` gives the whole state as canonical plain data (snapshot.ts) and
 * `ClearingHouse.restore()` rebuilds it; no answer depends on the order a map was filled
 * in (positions are restored in instrument order), so a restored house behaves identically.
 */
import { assert, minor, rejectCode, type Minor, type RejectName } from '../kernel/index.ts';
import { allocateProRata } from './allocation.ts';
import type { ClearingEvent, WaterfallStep, WaterfallStepApplied } from './events.ts';
import { bigintOf, Ledger } from './ledger.ts';
import { applyTrade, averagePriceOf, markToMarket, newPosition, unrealisedTicksLots, type Position } from './position.ts';
import { OrderLine, worstCaseRequirement, type WorkingOrder, type WorstCaseLine } from './pre-trade.ts';
import {
  ceilDivNumber,
  productMargin,
  riskArrayOf,
  scenarioScale,
  validateMarginParams,
  type MarginLine,
  type ProductMargin,
  type RiskArray,
} from './span.ts';
import type {
  AccountSnapshot,
  ClearingSnapshot,
  ClosedDaySnapshot,
  DayCashSnapshot,
  MarginCallSnapshot,
  PositionSnapshot,
} from './snapshot.ts';
import type { Statement, StatementCash, StatementPosition } from './statement.ts';
import type { AccountExposure, ExposureLine } from './stress.ts';
import type { AccountKind, ClearingConfig, ClearingProduct, ClearingResult, SettlementCycle } from './types.ts';

export const clearingMembersMax = 10_000;
export const clearingAccountsMax = 5_000_000;
export const clearingInstrumentsMax = 10_000;

interface InstrumentState {
  readonly symbol: string;
  readonly product: number;
  priceTicks: number;
  risk: RiskArray;
  finalSettled: boolean;
  /** Accounts with a position record in the instrument (flat ones included until final settlement). */
  holders: number;
}

interface ProductState {
  readonly spec: ClearingProduct;
  readonly currencyIndex: number;
}

/** What an end-of-day cycle froze for an account's statement; positions are copied only when they next change. */
interface ClosedDay {
  readonly date: string;
  readonly tradingDay: number;
  readonly day: ReadonlyMap<string, DayCash>;
  readonly closing: readonly bigint[];
  readonly initial: readonly bigint[];
  readonly maintenance: readonly bigint[];
  positions: Map<number, Position> | null;
}

interface MemberState {
  readonly id: string;
  readonly defaultFund: number;
}

/** Cash movements of one account in one currency since the last end-of-day cycle. */
interface DayCash {
  opening: bigint;
  deposits: bigint;
  withdrawals: bigint;
  fees: bigint;
  variationMargin: bigint;
  finalSettlement: bigint;
  defaultCover: bigint;
}

interface MarginCall {
  readonly callId: number;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly deadlineMs: number;
  depositedMinor: bigint;
}

interface AccountState {
  readonly id: string;
  readonly member: number;
  readonly kind: AccountKind;
  readonly collateral: number;
  readonly positions: Map<number, Position>;
  day: Map<string, DayCash>;
  call: MarginCall | null;
  inDefault: boolean;
  /** Deposits minus withdrawals per currency, since the account opened. */
  netDeposits: Map<string, bigint>;
  closed: ClosedDay | null;
}

export interface AccountMargin {
  readonly byCurrency: ReadonlyMap<string, { readonly initialMinor: Minor; readonly maintenanceMinor: Minor }>;
  readonly byProduct: readonly { readonly root: string; readonly currency: string; readonly margin: ProductMargin }[];
}

export interface TradeInput {
  readonly symbol: string;
  readonly tradeId: number;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly aggressorSide: 'buy' | 'sell';
  readonly makerAccount: string;
  readonly takerAccount: string;
}

const reject = (name: RejectName, reason: string): ClearingResult => ({ ok: false, code: rejectCode(name), name, reason });
const accepted = (events: readonly ClearingEvent[]): ClearingResult => ({ ok: true, events });
const cycleRank: Readonly<Record<SettlementCycle, number>> = { intraday: 0, end_of_day: 1 };
/** Positions by instrument index; one function for every call (the position-limit check sorts on every order). */
const byInstrument = ([a]: readonly [number, Position], [b]: readonly [number, Position]): number => a - b;

export class ClearingHouse {
  readonly ledger: Ledger;
  private readonly products: ClearingProduct[] = [];
  private readonly productByRoot = new Map<string, number>();
  private readonly instruments: InstrumentState[] = [];
  private readonly instrumentBySymbol = new Map<string, number>();
  private readonly members: MemberState[] = [];
  private readonly memberById = new Map<string, number>();
  private readonly accounts: AccountState[] = [];
  private readonly accountById = new Map<string, number>();
  private readonly openCalls = new Set<number>();
  private readonly cyclesRun = new Set<string>();
  private lastCycleKey = '';
  private nextCallId = 1;
  /** Trading days closed by end-of-day cycles; trades belong to day `tradingDay`. */
  private tradingDay = 0;
  /** Settlement prices of each closed trading day, by instrument index. */
  private readonly closedPrices: number[][] = [];
  private readonly productStates: ProductState[] = [];
  private skinInTheGameLeft: Map<string, bigint>;
  readonly custody: number;
  readonly ownCapital: number;
  readonly feeIncome: number;
  readonly settlement: number;

  readonly config: ClearingConfig;

  constructor(config: ClearingConfig) {
    this.config = config;
    assert(Number.isSafeInteger(config.marginCallWindowMs) && config.marginCallWindowMs > 0, 'margin call window must be positive');
    assert(config.skinInTheGameMinor >= 0n, 'skin in the game must not be negative');
    assert(Number.isSafeInteger(config.assessmentMultiple) && config.assessmentMultiple >= 0, 'assessment multiple: integer >= 0');
    this.ledger = new Ledger(config.currencies);
    this.custody = this.ledger.open('custody');
    this.ownCapital = this.ledger.open('ccp:own_capital');
    this.feeIncome = this.ledger.open('ccp:fee_income');
    this.settlement = this.ledger.open('ccp:settlement');
    this.skinInTheGameLeft = new Map(config.currencies.map((c) => [c, config.skinInTheGameMinor]));
  }

  // ---------------------------------------------------------------------------
  // Set-up (operator commands at listing and onboarding).

  addProduct(product: ClearingProduct): void {
    assert(!this.productByRoot.has(product.root), `product ${product.root} already added`);
    assert(this.ledger.hasCurrency(product.currency), `product ${product.root} in unknown currency ${product.currency}`);
    assert(product.tickValueMinor > 0n, `product ${product.root}: tick value must be positive`);
    assert(product.makerFeePerLotMinor >= 0n && product.takerFeePerLotMinor >= 0n, `product ${product.root}: fees must be >= 0`);
    const problem = validateMarginParams(product.margin);
    assert(problem === null, `product ${product.root}: ${problem ?? ''}`);
    this.productByRoot.set(product.root, this.products.length);
    this.products.push(product);
    this.productStates.push({ spec: product, currencyIndex: this.config.currencies.indexOf(product.currency) });
  }

  /** The currencies collateral may be held in, in configuration order. */
  currencies(): readonly string[] {
    return this.config.currencies;
  }

  hasProduct(root: string): boolean {
    return this.productByRoot.has(root);
  }

  hasInstrument(symbol: string): boolean {
    return this.instrumentBySymbol.has(symbol);
  }

  acceptsCurrency(currency: string): boolean {
    return this.ledger.hasCurrency(currency);
  }

  hasAccount(accountId: string): boolean {
    return this.accountById.has(accountId);
  }

  /** Replaces a product's margin parameters (recalibration); risk arrays are rebuilt at the current prices. */
  setMarginParams(root: string, margin: ClearingProduct['margin']): void {
    const index = this.productByRoot.get(root);
    assert(index !== undefined, `unknown product ${root}`);
    assert(validateMarginParams(margin) === null, `margin params of ${root} invalid`);
    const product = { ...(this.products[index] as ClearingProduct), margin };
    this.products[index] = product;
    this.productStates[index] = { spec: product, currencyIndex: this.config.currencies.indexOf(product.currency) };
    for (const instrument of this.instruments) {
      if (instrument.product === index) instrument.risk = riskArrayOf(instrument.priceTicks, product.tickValueMinor, margin);
    }
  }

  /** A contract enters clearing with a reference price (the prior settlement or the listing price). */
  registerInstrument(symbol: string, root: string, referencePriceTicks: number): void {
    const product = this.productByRoot.get(root);
    assert(product !== undefined, `unknown product ${root}`);
    assert(!this.instrumentBySymbol.has(symbol), `instrument ${symbol} already registered`);
    assert(this.instruments.length < clearingInstrumentsMax, 'clearing instruments limit');
    const spec = this.products[product] as ClearingProduct;
    this.instrumentBySymbol.set(symbol, this.instruments.length);
    this.instruments.push({
      symbol,
      product,
      priceTicks: referencePriceTicks,
      risk: riskArrayOf(referencePriceTicks, spec.tickValueMinor, spec.margin),
      finalSettled: false,
      holders: 0,
    });
  }

  addMember(member: string): ClearingResult {
    if (this.memberById.has(member)) return reject('clearing_account_exists', `member ${member} already exists`);
    assert(this.members.length < clearingMembersMax, 'clearing members limit');
    this.memberById.set(member, this.members.length);
    this.members.push({ id: member, defaultFund: this.ledger.open(`default_fund:${member}`) });
    return accepted([]);
  }

  openAccount(account: string, member: string, kind: AccountKind): ClearingResult {
    const memberIndex = this.memberById.get(member);
    if (memberIndex === undefined) return reject('clearing_member_unknown', `member ${member} is unknown`);
    if (this.accountById.has(account)) return reject('clearing_account_exists', `account ${account} already exists`);
    assert(this.accounts.length < clearingAccountsMax, 'clearing accounts limit');
    this.accountById.set(account, this.accounts.length);
    this.accounts.push({
      id: account,
      member: memberIndex,
      kind,
      collateral: this.ledger.open(`collateral:${account}`),
      positions: new Map(),
      day: new Map(),
      call: null,
      inDefault: false,
      netDeposits: new Map(),
      closed: null,
    });
    return accepted([]);
  }

  // ---------------------------------------------------------------------------
  // Collateral.

  private checkAmount(currency: string, amountMinor: bigint): ClearingResult | null {
    if (!this.ledger.hasCurrency(currency)) return reject('currency_unknown', `currency ${currency} is not accepted`);
    if (amountMinor <= 0n) return reject('amount_not_positive', `amount ${amountMinor} must be positive`);
    return null;
  }

  private dayCash(account: AccountState, currency: string): DayCash {
    let cash = account.day.get(currency);
    if (cash === undefined) {
      const ci = this.config.currencies.indexOf(currency);
      cash = {
        opening: account.closed?.closing[ci] ?? 0n,
        deposits: 0n,
        withdrawals: 0n,
        fees: 0n,
        variationMargin: 0n,
        finalSettlement: 0n,
        defaultCover: 0n,
      };
      account.day.set(currency, cash);
    }
    return cash;
  }

  deposit(accountId: string, currency: string, amountMinor: bigint, tsMs: number): ClearingResult {
    const index = this.accountById.get(accountId);
    if (index === undefined) return reject('clearing_account_unknown', `account ${accountId} is unknown`);
    const bad = this.checkAmount(currency, amountMinor);
    if (bad !== null) return bad;
    const account = this.accounts[index] as AccountState;
    this.moveCash(this.custody, account.collateral, currency, amountMinor);
    this.dayCash(account, currency).deposits += amountMinor;
    account.netDeposits.set(currency, (account.netDeposits.get(currency) ?? 0n) + amountMinor);
    const events: ClearingEvent[] = [
      {
        type: 'CollateralDeposited',
        account: accountId,
        currency,
        amountMinor: minor(amountMinor),
        balanceMinor: this.balance(account, currency),
      },
    ];
    const call = account.call;
    if (call !== null && call.currency === currency) {
      call.depositedMinor += amountMinor;
      if (call.depositedMinor >= call.amountMinor) events.push(this.callMet(index, tsMs));
    }
    return accepted(events);
  }

  withdraw(accountId: string, currency: string, amountMinor: bigint): ClearingResult {
    const index = this.accountById.get(accountId);
    if (index === undefined) return reject('clearing_account_unknown', `account ${accountId} is unknown`);
    const bad = this.checkAmount(currency, amountMinor);
    if (bad !== null) return bad;
    const account = this.accounts[index] as AccountState;
    if (account.inDefault) return reject('account_in_default', `account ${accountId} is in default`);
    const excess = this.excessMinor(accountId, currency);
    if (amountMinor > excess) {
      return reject('withdrawal_exceeds_excess', `withdrawal of ${amountMinor} is above the excess of ${excess} ${currency} minor units`);
    }
    this.moveCash(account.collateral, this.custody, currency, amountMinor);
    this.dayCash(account, currency).withdrawals += amountMinor;
    account.netDeposits.set(currency, (account.netDeposits.get(currency) ?? 0n) - amountMinor);
    return accepted([
      {
        type: 'CollateralWithdrawn',
        account: accountId,
        currency,
        amountMinor: minor(amountMinor),
        balanceMinor: this.balance(account, currency),
      },
    ]);
  }

  contributeDefaultFund(memberId: string, currency: string, amountMinor: bigint): ClearingResult {
    const index = this.memberById.get(memberId);
    if (index === undefined) return reject('clearing_member_unknown', `member ${memberId} is unknown`);
    const bad = this.checkAmount(currency, amountMinor);
    if (bad !== null) return bad;
    const member = this.members[index] as MemberState;
    this.moveCash(this.custody, member.defaultFund, currency, amountMinor);
    const balanceMinor = this.ledger.balance(member.defaultFund, currency);
    return accepted([{ type: 'DefaultFundContributed', member: memberId, currency, amountMinor: minor(amountMinor), balanceMinor }]);
  }

  /** The clearing house puts in its own capital (cash from outside). */
  fundOwnCapital(currency: string, amountMinor: bigint): ClearingResult {
    const bad = this.checkAmount(currency, amountMinor);
    if (bad !== null) return bad;
    this.moveCash(this.custody, this.ownCapital, currency, amountMinor);
    return accepted([]);
  }

  /** One cash movement between two ledger accounts: both legs in one posting. */
  private moveCash(from: number, to: number, currency: string, amountMinor: bigint): void {
    this.ledger.post([
      { account: from, currency, amountMinor: minor(-amountMinor) },
      { account: to, currency, amountMinor: minor(amountMinor) },
    ]);
  }

  // ---------------------------------------------------------------------------
  // Trades.

  applyTrade(trade: TradeInput): ClearingResult {
    const instrumentIndex = this.instrumentBySymbol.get(trade.symbol);
    if (instrumentIndex === undefined) return reject('instrument_not_cleared', `${trade.symbol} is not cleared here`);
    const instrument = this.instruments[instrumentIndex] as InstrumentState;
    if (instrument.finalSettled) return reject('contract_final_settled', `${trade.symbol} has had its final settlement`);
    const maker = this.accountById.get(trade.makerAccount);
    const taker = this.accountById.get(trade.takerAccount);
    if (maker === undefined) return reject('clearing_account_unknown', `account ${trade.makerAccount} is unknown`);
    if (taker === undefined) return reject('clearing_account_unknown', `account ${trade.takerAccount} is unknown`);
    assert(Number.isSafeInteger(trade.qtyLots) && trade.qtyLots > 0, `trade ${trade.tradeId}: qty must be positive`);
    assert(Number.isSafeInteger(trade.priceTicks) && trade.priceTicks > 0, `trade ${trade.tradeId}: price must be positive`);
    const product = this.products[instrument.product] as ClearingProduct;
    const takerSign = trade.aggressorSide === 'buy' ? 1 : -1;
    return accepted([
      this.clearSide(taker, instrumentIndex, product, trade, takerSign, product.takerFeePerLotMinor),
      this.clearSide(maker, instrumentIndex, product, trade, -takerSign, product.makerFeePerLotMinor),
    ]);
  }

  private clearSide(
    accountIndex: number,
    instrumentIndex: number,
    product: ClearingProduct,
    trade: TradeInput,
    sign: number,
    feePerLot: bigint,
  ): ClearingEvent {
    const account = this.accounts[accountIndex] as AccountState;
    this.freezePositions(account);
    let position = account.positions.get(instrumentIndex);
    if (position === undefined) {
      position = newPosition();
      account.positions.set(instrumentIndex, position);
      (this.instruments[instrumentIndex] as InstrumentState).holders++;
    }
    if (position.countsDay !== this.tradingDay) {
      position.boughtLots = 0;
      position.soldLots = 0;
      position.countsDay = this.tradingDay;
    }
    const realised = applyTrade(position, sign * trade.qtyLots, trade.priceTicks);
    const fee = feePerLot * BigInt(trade.qtyLots);
    if (fee > 0n) {
      this.ledger.postPair(this.feeIncome, account.collateral, product.currency, fee);
      this.dayCash(account, product.currency).fees += fee;
    }
    return {
      type: 'TradeCleared',
      symbol: trade.symbol,
      tradeId: trade.tradeId,
      account: account.id,
      signedQtyLots: sign * trade.qtyLots,
      priceTicks: trade.priceTicks,
      netLots: position.netLots,
      realisedMinor: minor(realised * product.tickValueMinor),
      feeMinor: minor(fee),
    };
  }

  // ---------------------------------------------------------------------------
  // Margin.

  private balance(account: AccountState, currency: string): Minor {
    return this.ledger.balance(account.collateral, currency);
  }

  /** Variation margin not yet posted (trades and price changes since the last cycle), per currency. */
  private pendingVariationMargin(account: AccountState): Map<string, bigint> {
    const out = new Map<string, bigint>();
    for (const [i, position] of account.positions) {
      const instrument = this.instruments[i] as InstrumentState;
      const product = this.products[instrument.product] as ClearingProduct;
      const pending = BigInt(position.netLots) * BigInt(instrument.priceTicks) - position.markBasisTicksLots;
      if (pending !== 0n) out.set(product.currency, (out.get(product.currency) ?? 0n) + pending * product.tickValueMinor);
    }
    return out;
  }

  /** Collateral plus variation margin pending at the reference prices. */
  equityMinor(accountId: string, currency: string): Minor {
    const account = this.accountOf(accountId);
    return minor(this.balance(account, currency) + (this.pendingVariationMargin(account).get(currency) ?? 0n));
  }

  private accountOf(accountId: string): AccountState {
    const index = this.accountById.get(accountId);
    assert(index !== undefined, `unknown account ${accountId}`);
    return this.accounts[index] as AccountState;
  }

  private readonly marginGroups = new Map<number, MarginLine[]>();

  private marginOfAccount(account: AccountState): AccountMargin {
    const groups = this.marginGroups;
    groups.clear();
    for (const [i, position] of account.positions) {
      if (position.netLots === 0) continue;
      const instrument = this.instruments[i] as InstrumentState;
      const line = { netLots: position.netLots, risk: instrument.risk };
      const group = groups.get(instrument.product);
      if (group === undefined) groups.set(instrument.product, [line]);
      else group.push(line);
    }
    const byCurrency = new Map<string, { initialMinor: Minor; maintenanceMinor: Minor }>();
    const byProduct: { root: string; currency: string; margin: ProductMargin }[] = [];
    // Product order, not the order positions were opened in: `byCurrency` comes out the same after a restore.
    for (const [p, lines] of [...groups].sort(([a], [b]) => a - b)) {
      const product = this.products[p] as ClearingProduct;
      const margin = productMargin(lines, product.margin);
      byProduct.push({ root: product.root, currency: product.currency, margin });
      const sum = byCurrency.get(product.currency);
      byCurrency.set(product.currency, {
        initialMinor: minor((sum?.initialMinor ?? 0n) + margin.initialMinor),
        maintenanceMinor: minor((sum?.maintenanceMinor ?? 0n) + margin.maintenanceMinor),
      });
    }
    byProduct.sort((a, b) => (a.root < b.root ? -1 : 1));
    return { byCurrency, byProduct };
  }

  marginOf(accountId: string): AccountMargin {
    return this.marginOfAccount(this.accountOf(accountId));
  }

  /** Equity minus initial margin (negative: a deficit). */
  excessMinor(accountId: string, currency: string): Minor {
    const initial = this.marginOf(accountId).byCurrency.get(currency)?.initialMinor ?? 0n;
    return minor(this.equityMinor(accountId, currency) - initial);
  }

  /** Pre-trade check of a new order against the account's equity, its working orders at worst case. */
  checkOrder(accountId: string, order: WorkingOrder, working: readonly WorkingOrder[]): ClearingResult {
    const index = this.accountById.get(accountId);
    if (index === undefined) return reject('clearing_account_unknown', `account ${accountId} is unknown`);
    const account = this.accounts[index] as AccountState;
    if (account.inDefault) return reject('account_in_default', `account ${accountId} is in default`);
    const lines = new Map<number, OrderLine>();
    for (const [i, position] of account.positions) lines.set(i, new OrderLine(position.netLots));
    // The working orders, then the new one (no combined copy: this runs for every order).
    const count = working.length;
    for (let k = 0; k <= count; k++) {
      const o = k < count ? working[k]! : order;
      const i = this.instrumentBySymbol.get(o.symbol);
      if (i === undefined) return reject('instrument_not_cleared', `${o.symbol} is not cleared here`);
      const instrument = this.instruments[i] as InstrumentState;
      if (instrument.finalSettled) return reject('contract_final_settled', `${o.symbol} has had its final settlement`);
      let line = lines.get(i);
      if (line === undefined) {
        line = new OrderLine(0);
        lines.set(i, line);
      }
      line.add(o, instrument.priceTicks);
    }
    const worstLines: WorstCaseLine[] = [];
    for (const [i, line] of lines) {
      const instrument = this.instruments[i] as InstrumentState;
      const product = this.products[instrument.product] as ClearingProduct;
      worstLines.push({
        product: instrument.product,
        currency: product.currency,
        netLots: line.netLots,
        buyLots: line.buyLots,
        sellLots: line.sellLots,
        buyLossMinor: line.buyLossMinor(product.tickValueMinor),
        sellLossMinor: line.sellLossMinor(product.tickValueMinor),
        risk: instrument.risk,
      });
    }
    const required = worstCaseRequirement(worstLines);
    // Currency order, not map order: which shortfall a rejection names must not depend on position history.
    for (const currency of this.config.currencies) {
      const need = required.get(currency);
      if (need === undefined) continue;
      const equity = this.equityMinor(accountId, currency);
      if (equity < need) {
        return reject('margin_insufficient', `equity ${equity} is below the worst-case initial margin ${need} ${currency} minor units`);
      }
    }
    return accepted([]);
  }

  // ---------------------------------------------------------------------------
  // Variation margin cycles.

  /**
   * Marks every position to the cycle's settlement prices and pays the variation margin
   * through `ccp:settlement`; at end of day freezes the statements. Then checks margin:
   * equity below maintenance issues a call back to initial margin, due `marginCallWindowMs` later.
   */
  runSettlement(date: string, cycle: SettlementCycle, prices: ReadonlyMap<string, number>, tsMs: number): ClearingResult {
    const key = `${date}#${cycleRank[cycle]}`;
    if (this.cyclesRun.has(key)) return reject('settlement_already_run', `the ${cycle} cycle of ${date} has already been run`);
    if (key < this.lastCycleKey) return reject('settlement_date_out_of_order', `${date} ${cycle} is before the last cycle run`);
    for (const [symbol, price] of prices) {
      if (!this.instrumentBySymbol.has(symbol)) return reject('instrument_not_cleared', `${symbol} is not cleared here`);
      if (!Number.isSafeInteger(price) || price <= 0)
        return reject('field_invalid', `settlement price of ${symbol} must be positive ticks`);
    }
    const missing = this.instrumentsNeedingPrice().filter((i) => !prices.has((this.instruments[i] as InstrumentState).symbol));
    if (missing.length > 0) {
      const symbols = missing.map((i) => (this.instruments[i] as InstrumentState).symbol).join(', ');
      return reject('settlement_price_missing', `no settlement price for ${symbols}`);
    }
    this.cyclesRun.add(key);
    this.lastCycleKey = key;
    for (const [symbol, price] of prices) {
      const i = this.instrumentBySymbol.get(symbol) as number;
      if (!(this.instruments[i] as InstrumentState).finalSettled) this.setPrice(i, price);
    }
    const events: ClearingEvent[] = [];
    const totals = this.postVariationMargin((account, cash) => {
      events.push({ type: 'VariationMarginPosted', date, cycle, account, currency: cash.currency, amountMinor: minor(cash.amount) });
    });
    events.push({ type: 'SettlementCycleCompleted', date, cycle, tsMs, accountsPosted: totals.accounts, totals: totals.byCurrency });
    this.closeAccounts(events, tsMs, cycle === 'end_of_day' ? date : null);
    return accepted(events);
  }

  private instrumentsNeedingPrice(): number[] {
    const out: number[] = [];
    this.instruments.forEach((instrument, i) => {
      if (instrument.holders > 0 && !instrument.finalSettled) out.push(i);
    });
    return out;
  }

  private setPrice(instrumentIndex: number, priceTicks: number): void {
    const instrument = this.instruments[instrumentIndex] as InstrumentState;
    if (instrument.priceTicks === priceTicks) return;
    const product = this.products[instrument.product] as ClearingProduct;
    instrument.priceTicks = priceTicks;
    instrument.risk = riskArrayOf(priceTicks, product.tickValueMinor, product.margin);
  }

  /** Marks every open position at its instrument's price and posts the VM; asserts it sums to zero per currency. */
  private postVariationMargin(onPosted: (account: string, cash: { currency: string; amount: bigint }) => void): {
    accounts: number;
    byCurrency: { currency: string; paidMinor: Minor; collectedMinor: Minor }[];
  } {
    const currencies = this.config.currencies;
    const paid = currencies.map(() => 0n);
    const collected = currencies.map(() => 0n);
    const vm = currencies.map(() => 0n);
    const prices = this.instruments.map((instrument) => (instrument.finalSettled ? null : BigInt(instrument.priceTicks)));
    let accounts = 0;
    for (const account of this.accounts) {
      if (account.positions.size === 0) continue;
      vm.fill(0n);
      for (const [i, position] of account.positions) {
        const price = prices[i];
        if (price === null || price === undefined) continue;
        const value = BigInt(position.netLots) * price;
        const ticksLots = value - position.markBasisTicksLots;
        if (ticksLots === 0n) continue;
        position.markBasisTicksLots = value;
        const product = this.productStates[(this.instruments[i] as InstrumentState).product] as ProductState;
        vm[product.currencyIndex] = (vm[product.currencyIndex] as bigint) + ticksLots * product.spec.tickValueMinor;
      }
      let posted = false;
      for (let c = 0; c < currencies.length; c++) {
        const amount = vm[c] as bigint;
        if (amount === 0n) continue;
        const currency = currencies[c] as string;
        this.ledger.postPair(account.collateral, this.settlement, currency, amount);
        this.dayCash(account, currency).variationMargin += amount;
        if (amount > 0n) paid[c] = (paid[c] as bigint) + amount;
        else collected[c] = (collected[c] as bigint) - amount;
        onPosted(account.id, { currency, amount });
        posted = true;
      }
      if (posted) accounts++;
    }
    const byCurrency = currencies.map((currency, c) => {
      const p = paid[c] as bigint;
      const q = collected[c] as bigint;
      assert(p === q, `variation margin of the cycle in ${currency} sums to ${p - q}, not 0`);
      assert(this.ledger.balance(this.settlement, currency) === 0n, `settlement account in ${currency} is not flat`);
      return { currency, paidMinor: minor(p), collectedMinor: minor(q) };
    });
    return { accounts, byCurrency };
  }

  // Scratch of `requirements`: per product 16 scenario sums and the spread inputs; per currency the totals.
  private scratchSums = new Float64Array(0);
  private scratchBound: number[] = [];
  private scratchLongs: number[] = [];
  private scratchShorts: number[] = [];
  private scratchUnit: number[] = [];
  private scratchStamp: number[] = [];
  private stamp = 0;
  private readonly touched: number[] = [];

  /**
   * Initial and maintenance margin of an account per currency index, exact. Sums run in
   * `number` (a bound proves them below 2^53, and no allocation per position); when the
   * bound fails the account is computed by the bigint path of `productMargin`.
   */
  private requirements(account: AccountState): { initial: bigint[]; maintenance: bigint[] } {
    const currencies = this.config.currencies.length;
    const initialNumber = new Array<number>(currencies).fill(0);
    const maintenanceNumber = new Array<number>(currencies).fill(0);
    const products = this.products.length;
    if (this.scratchSums.length < products * 16) {
      this.scratchSums = new Float64Array(products * 16);
      for (const list of [this.scratchBound, this.scratchLongs, this.scratchShorts, this.scratchUnit, this.scratchStamp])
        list.length = products;
      this.scratchStamp.fill(0);
    }
    const sums = this.scratchSums;
    const stamp = ++this.stamp;
    this.touched.length = 0;
    for (const [i, position] of account.positions) {
      const n = position.netLots;
      if (n === 0) continue;
      const instrument = this.instruments[i] as InstrumentState;
      const p = instrument.product;
      const base = p * 16;
      if (this.scratchStamp[p] !== stamp) {
        this.scratchStamp[p] = stamp;
        this.touched.push(p);
        sums.fill(0, base, base + 16);
        this.scratchBound[p] = 0;
        this.scratchLongs[p] = 0;
        this.scratchShorts[p] = 0;
        this.scratchUnit[p] = 0;
      }
      const a = instrument.risk.lossScaled;
      for (let k = 0; k < 16; k++) sums[base + k] = (sums[base + k] as number) + n * (a[k] as number);
      this.scratchBound[p] = (this.scratchBound[p] as number) + Math.abs(n) * instrument.risk.maxAbsScaled;
      if (n > 0) this.scratchLongs[p] = (this.scratchLongs[p] as number) + n;
      else this.scratchShorts[p] = (this.scratchShorts[p] as number) - n;
      if (instrument.risk.spreadUnitNumber > (this.scratchUnit[p] as number)) this.scratchUnit[p] = instrument.risk.spreadUnitNumber;
    }
    for (const p of this.touched) {
      const product = this.productStates[p] as ProductState;
      const base = p * 16;
      let worst = 0;
      for (let k = 0; k < 16; k++) if ((sums[base + k] as number) > worst) worst = sums[base + k] as number;
      const spreads = Math.min(this.scratchLongs[p] as number, this.scratchShorts[p] as number);
      const unit = this.scratchUnit[p] as number;
      const { num, den } = product.spec.margin.initialToMaintenance;
      const initial = ceilDivNumber(worst, scenarioScale) + spreads * unit;
      const c = product.currencyIndex;
      const total = (initialNumber[c] as number) + initial;
      if (!(
        (this.scratchBound[p] as number) < Number.MAX_SAFE_INTEGER &&
        Number.isSafeInteger(unit) &&
        Number.isSafeInteger(total * den)
      )) {
        return this.requirementsBigint(account);
      }
      initialNumber[c] = total;
      maintenanceNumber[c] = (maintenanceNumber[c] as number) + ceilDivNumber(initial * den, num);
    }
    return { initial: initialNumber.map((x) => BigInt(x)), maintenance: maintenanceNumber.map((x) => BigInt(x)) };
  }

  private requirementsBigint(account: AccountState): { initial: bigint[]; maintenance: bigint[] } {
    const margin = this.marginOfAccount(account);
    return {
      initial: this.config.currencies.map((c) => margin.byCurrency.get(c)?.initialMinor ?? 0n),
      maintenance: this.config.currencies.map((c) => margin.byCurrency.get(c)?.maintenanceMinor ?? 0n),
    };
  }

  /** Initial margin of every account in one currency, in account order (what the benchmark times). */
  initialMarginAll(currency: string): bigint[] {
    const c = this.config.currencies.indexOf(currency);
    assert(c >= 0, `unknown currency ${currency}`);
    return this.accounts.map((account) => (account.positions.size === 0 ? 0n : (this.requirements(account).initial[c] as bigint)));
  }

  /** After a cycle: margin of every account; calls issued or met; at end of day the statements frozen. */
  private closeAccounts(events: ClearingEvent[], tsMs: number, endOfDay: string | null): void {
    const currencies = this.config.currencies;
    const zero = currencies.map(() => 0n);
    for (let index = 0; index < this.accounts.length; index++) {
      const account = this.accounts[index] as AccountState;
      const hasPositions = account.positions.size > 0;
      const levels = hasPositions ? this.requirements(account) : { initial: zero, maintenance: zero };
      if (endOfDay !== null && (hasPositions || account.day.size > 0 || account.closed !== null)) {
        this.freezeDay(account, endOfDay, levels);
      }
      if (account.inDefault || !hasPositions) continue;
      for (let c = 0; c < currencies.length; c++) {
        const currency = currencies[c] as string;
        const initial = levels.initial[c] as bigint;
        const maintenance = levels.maintenance[c] as bigint;
        if (initial === 0n && account.call?.currency !== currency) continue;
        const equity = this.balance(account, currency);
        if (account.call !== null) {
          if (account.call.currency === currency && equity >= initial) events.push(this.callMet(index, tsMs));
          continue;
        }
        if (equity >= maintenance) continue;
        const call: MarginCall = {
          callId: this.nextCallId++,
          currency,
          amountMinor: initial - equity,
          deadlineMs: tsMs + this.config.marginCallWindowMs,
          depositedMinor: 0n,
        };
        account.call = call;
        this.openCalls.add(index);
        events.push({
          type: 'MarginCallIssued',
          account: account.id,
          currency,
          callId: call.callId,
          equityMinor: minor(equity),
          maintenanceMinor: minor(maintenance),
          initialMinor: minor(initial),
          amountMinor: minor(call.amountMinor),
          deadlineMs: call.deadlineMs,
        });
      }
    }
    if (endOfDay !== null) {
      this.closedPrices[this.tradingDay] = this.instruments.map((instrument) => instrument.priceTicks);
      this.tradingDay++;
    }
  }

  private callMet(index: number, tsMs: number): ClearingEvent {
    const account = this.accounts[index] as AccountState;
    const call = account.call;
    assert(call !== null, `account ${account.id} has no call to meet`);
    account.call = null;
    this.openCalls.delete(index);
    return { type: 'MarginCallMet', account: account.id, callId: call.callId, tsMs };
  }

  /** Margin calls past their deadline: the account defaults; its orders are cancelled and positions closed out through the market. */
  enforceMarginCalls(tsMs: number): ClearingResult {
    const events: ClearingEvent[] = [];
    const due = [...this.openCalls].sort((a, b) => a - b);
    for (const index of due) {
      const account = this.accounts[index] as AccountState;
      const call = account.call as MarginCall;
      if (tsMs < call.deadlineMs) continue;
      account.call = null;
      this.openCalls.delete(index);
      account.inDefault = true;
      const member = (this.members[account.member] as MemberState).id;
      events.push({ type: 'MarginCallMissed', account: account.id, callId: call.callId, tsMs });
      events.push({ type: 'DefaultDeclared', account: account.id, member, tsMs, equityMinor: this.balance(account, call.currency) });
      events.push({ type: 'CancelWorkingOrdersRequested', account: account.id });
      const open = [...account.positions].filter(([, p]) => p.netLots !== 0).sort(([a], [b]) => a - b);
      for (const [i, position] of open) {
        events.push({
          type: 'CloseOutRequested',
          account: account.id,
          symbol: (this.instruments[i] as InstrumentState).symbol,
          side: position.netLots > 0 ? 'sell' : 'buy',
          qtyLots: Math.abs(position.netLots),
        });
      }
    }
    return accepted(events);
  }

  /** Orders that would flatten the account, one per open position, in instrument order (a close-out retry). */
  closeOutRequests(accountId: string): ClearingResult {
    const index = this.accountById.get(accountId);
    if (index === undefined) return reject('clearing_account_unknown', `account ${accountId} is unknown`);
    const account = this.accounts[index] as AccountState;
    const open = [...account.positions].filter(([, p]) => p.netLots !== 0).sort(([a], [b]) => a - b);
    return accepted(
      open.map(([i, position]) => ({
        type: 'CloseOutRequested' as const,
        account: account.id,
        symbol: (this.instruments[i] as InstrumentState).symbol,
        side: position.netLots > 0 ? ('sell' as const) : ('buy' as const),
        qtyLots: Math.abs(position.netLots),
      })),
    );
  }

  // ---------------------------------------------------------------------------
  // Default management.

  /**
   * Covers a closed-out defaulter's negative collateral in order: its margin (already
   * consumed by variation margin), its member's default-fund contribution, the clearing
   * house's own capital up to the skin in the game, the other members' default fund pro
   * rata to their contributions, then assessments on them up to `assessmentMultiple` x
   * their contribution. Needs the defaulter flat and fully marked (a cycle after the close-out).
   */
  runDefaultWaterfall(accountId: string): ClearingResult {
    const index = this.accountById.get(accountId);
    if (index === undefined) return reject('clearing_account_unknown', `account ${accountId} is unknown`);
    const account = this.accounts[index] as AccountState;
    assert(account.inDefault, `account ${accountId} is not in default`);
    for (const position of account.positions.values()) {
      assert(position.netLots === 0 && position.markBasisTicksLots === 0n, `defaulter ${accountId} is not closed out and marked`);
    }
    const events: ClearingEvent[] = [];
    for (const currency of this.config.currencies) this.waterfallIn(account, currency, events);
    return accepted(events);
  }

  private waterfallIn(account: AccountState, currency: string, events: ClearingEvent[]): void {
    const deposited = account.netDeposits.get(currency) ?? 0n;
    const balance = this.balance(account, currency);
    if (deposited <= 0n && balance >= 0n) return;
    let remaining = balance < 0n ? -balance : 0n;
    // The defaulter's own collateral that its losses and fees consumed.
    const consumed = deposited - balance - remaining;
    const marginUsed = consumed > 0n ? consumed : 0n;
    const step = (name: WaterfallStep, amount: bigint, byMember: WaterfallStepApplied['byMember'] = []): void => {
      remaining -= amount;
      events.push({
        type: 'WaterfallStepApplied',
        account: account.id,
        step: name,
        currency,
        amountMinor: minor(amount),
        remainingMinor: minor(remaining),
        byMember,
      });
    };
    const cover = (from: number, amount: bigint): void => {
      if (amount === 0n) return;
      this.ledger.post([
        { account: from, currency, amountMinor: minor(-amount) },
        { account: account.collateral, currency, amountMinor: minor(amount) },
      ]);
      this.dayCash(account, currency).defaultCover += amount;
    };
    events.push({
      type: 'WaterfallStepApplied',
      account: account.id,
      step: 'defaulter_margin',
      currency,
      amountMinor: minor(marginUsed),
      remainingMinor: minor(remaining),
      byMember: [],
    });
    const own = this.members[account.member] as MemberState;
    const ownFund = this.ledger.balance(own.defaultFund, currency);
    const fromOwn = min(remaining, ownFund > 0n ? ownFund : 0n);
    cover(own.defaultFund, fromOwn);
    step('defaulter_default_fund', fromOwn);
    const skin = this.skinInTheGameLeft.get(currency) ?? 0n;
    const capital = this.ledger.balance(this.ownCapital, currency);
    const fromCapital = min(remaining, min(skin, capital > 0n ? capital : 0n));
    cover(this.ownCapital, fromCapital);
    this.skinInTheGameLeft.set(currency, skin - fromCapital);
    step('ccp_capital', fromCapital);
    const survivors = this.members
      .filter((m) => m !== own)
      .map((m) => ({ m, fund: this.ledger.balance(m.defaultFund, currency) }))
      .filter((s) => s.fund > 0n)
      .sort((a, b) => (a.m.id < b.m.id ? -1 : 1));
    const funds = survivors.map((s) => s.fund);
    const fromFund = min(
      remaining,
      funds.reduce((a, b) => a + b, 0n),
    );
    const shares = allocateProRata(fromFund, funds);
    survivors.forEach((s, i) => cover(s.m.defaultFund, shares[i] as bigint));
    step('members_default_fund', fromFund, byMember(survivors, shares));
    const caps = funds.map((f) => f * BigInt(this.config.assessmentMultiple));
    const fromAssessments = min(
      remaining,
      caps.reduce((a, b) => a + b, 0n),
    );
    const assessed = allocateProRata(fromAssessments, caps);
    survivors.forEach((_, i) => cover(this.custody, assessed[i] as bigint));
    step('assessments', fromAssessments, byMember(survivors, assessed));
    if (remaining > 0n) events.push({ type: 'DefaultLossUncovered', account: account.id, currency, amountMinor: minor(remaining) });
  }

  // ---------------------------------------------------------------------------
  // Final settlement.

  /** Closes every position in an expired contract at the final settlement price, moving the last cash. */
  finalSettle(symbol: string, date: string, priceTicks: number): ClearingResult {
    const i = this.instrumentBySymbol.get(symbol);
    if (i === undefined) return reject('instrument_not_cleared', `${symbol} is not cleared here`);
    const instrument = this.instruments[i] as InstrumentState;
    if (instrument.finalSettled) return reject('contract_final_settled', `${symbol} has had its final settlement`);
    if (!Number.isSafeInteger(priceTicks) || priceTicks <= 0)
      return reject('field_invalid', 'final settlement price must be positive ticks');
    const product = this.products[instrument.product] as ClearingProduct;
    const currency = product.currency;
    const events: ClearingEvent[] = [];
    let sum = 0n;
    let accounts = 0;
    for (const account of this.accounts) {
      const position = account.positions.get(i);
      if (position === undefined) continue;
      this.freezePositions(account);
      const closedLots = Math.abs(position.netLots);
      position.realisedTicksLots += unrealisedTicksLots(position, priceTicks);
      const amount = markToMarket(position, priceTicks) * product.tickValueMinor;
      position.netLots = 0;
      position.openCostTicksLots = 0n;
      position.markBasisTicksLots = 0n;
      account.positions.delete(i);
      instrument.holders--;
      if (amount !== 0n) {
        this.ledger.postPair(account.collateral, this.settlement, currency, amount);
        this.dayCash(account, currency).finalSettlement += amount;
      }
      sum += amount;
      accounts++;
      events.push({ type: 'FinalSettlementPosted', symbol, date, account: account.id, priceTicks, closedLots, amountMinor: minor(amount) });
    }
    assert(sum === 0n, `final settlement of ${symbol} sums to ${sum}, not 0`);
    assert(this.ledger.balance(this.settlement, currency) === 0n, 'settlement account is flat after final settlement');
    instrument.finalSettled = true;
    instrument.priceTicks = priceTicks;
    events.push({ type: 'ContractFinalSettled', symbol, date, priceTicks, accounts });
    return accepted(events);
  }

  openInterestLots(symbol: string): number {
    const i = this.instrumentBySymbol.get(symbol);
    assert(i !== undefined, `unknown instrument ${symbol}`);
    let longs = 0;
    for (const account of this.accounts) {
      const net = account.positions.get(i)?.netLots ?? 0;
      if (net > 0) longs += net;
    }
    return longs;
  }

  // ---------------------------------------------------------------------------
  // Statements and views.

  private freezeDay(account: AccountState, date: string, levels: { initial: bigint[]; maintenance: bigint[] }): void {
    account.closed = {
      date,
      tradingDay: this.tradingDay,
      day: account.day.size > 0 ? account.day : noDayCash,
      closing: this.config.currencies.map((currency) => this.balance(account, currency)),
      initial: levels.initial,
      maintenance: levels.maintenance,
      positions: null,
    };
    if (account.day.size > 0) account.day = new Map();
  }

  /** Before positions change after an end-of-day cycle, the statement keeps a copy of them as they were. */
  private freezePositions(account: AccountState): void {
    const closed = account.closed;
    if (closed === null || closed.positions !== null) return;
    closed.positions = new Map([...account.positions].map(([i, p]) => [i, { ...p }]));
  }

  /** The statement of the last end-of-day cycle, or null before the first. Checks the account's cash flows add up. */
  statementOf(accountId: string): Statement | null {
    const account = this.accountOf(accountId);
    const closed = account.closed;
    if (closed === null) return null;
    const prices = this.closedPrices[closed.tradingDay] ?? [];
    const positions: StatementPosition[] = [];
    const sorted = [...(closed.positions ?? account.positions)].sort(([a], [b]) => a - b);
    for (const [i, p] of sorted) {
      const instrument = this.instruments[i] as InstrumentState;
      const tickValue = (this.products[instrument.product] as ClearingProduct).tickValueMinor;
      const price = prices[i] ?? instrument.priceTicks;
      const average = averagePriceOf(p);
      const today = p.countsDay === closed.tradingDay;
      positions.push({
        symbol: instrument.symbol,
        netLots: p.netLots,
        boughtLots: today ? p.boughtLots : 0,
        soldLots: today ? p.soldLots : 0,
        averagePriceTicks: average === null ? '' : `${average.num}/${average.den}`,
        settlementPriceTicks: price,
        realisedMinor: (p.realisedTicksLots * tickValue).toString(),
        unrealisedMinor: (unrealisedTicksLots(p, price) * tickValue).toString(),
      });
    }
    const currencies = this.config.currencies
      .map((currency, c) => ({ currency, c }))
      .filter(({ currency, c }) => closed.day.has(currency) || (closed.initial[c] ?? 0n) > 0n || (closed.closing[c] ?? 0n) !== 0n)
      .sort((a, b) => (a.currency < b.currency ? -1 : 1));
    const cash: StatementCash[] = currencies.map(({ currency, c }) => {
      const closing = closed.closing[c] as bigint;
      const d = closed.day.get(currency) ?? {
        opening: closing,
        deposits: 0n,
        withdrawals: 0n,
        fees: 0n,
        variationMargin: 0n,
        finalSettlement: 0n,
        defaultCover: 0n,
      };
      const moved = d.opening + d.deposits - d.withdrawals - d.fees + d.variationMargin + d.finalSettlement + d.defaultCover;
      assert(moved === closing, `collateral of ${account.id} in ${currency} moved by something other than its cash flows`);
      const initial = closed.initial[c] as bigint;
      return {
        currency,
        openingMinor: d.opening.toString(),
        depositsMinor: d.deposits.toString(),
        withdrawalsMinor: d.withdrawals.toString(),
        feesMinor: d.fees.toString(),
        variationMarginMinor: d.variationMargin.toString(),
        finalSettlementMinor: d.finalSettlement.toString(),
        defaultCoverMinor: d.defaultCover.toString(),
        closingMinor: closing.toString(),
        initialMarginMinor: initial.toString(),
        maintenanceMarginMinor: (closed.maintenance[c] as bigint).toString(),
        excessMinor: (closing - initial).toString(),
      };
    });
    return { account: account.id, member: (this.members[account.member] as MemberState).id, date: closed.date, positions, cash };
  }

  /** Collateral balance by currency (the ledger's view). */
  collateralMinor(accountId: string, currency: string): Minor {
    return this.balance(this.accountOf(accountId), currency);
  }

  defaultFundMinor(memberId: string, currency: string): Minor {
    const index = this.memberById.get(memberId);
    assert(index !== undefined, `unknown member ${memberId}`);
    return this.ledger.balance((this.members[index] as MemberState).defaultFund, currency);
  }

  positionOf(accountId: string, symbol: string): Readonly<Position> | null {
    const i = this.instrumentBySymbol.get(symbol);
    assert(i !== undefined, `unknown instrument ${symbol}`);
    return this.accountOf(accountId).positions.get(i) ?? null;
  }

  /** The account's non-zero net positions, [symbol, lots] in instrument order (for position limits). */
  netPositionsOf(accountId: string): (readonly [string, number])[] {
    const out: (readonly [string, number])[] = [];
    const positions = [...this.accountOf(accountId).positions].sort(byInstrument);
    for (const [i, position] of positions) {
      if (position.netLots !== 0) out.push([(this.instruments[i] as InstrumentState).symbol, position.netLots]);
    }
    return out;
  }

  isInDefault(accountId: string): boolean {
    return this.accountOf(accountId).inDefault;
  }

  openCallOf(
    accountId: string,
  ): { readonly callId: number; readonly currency: string; readonly amountMinor: bigint; readonly deadlineMs: number } | null {
    const call = this.accountOf(accountId).call;
    return call === null
      ? null
      : { callId: call.callId, currency: call.currency, amountMinor: call.amountMinor, deadlineMs: call.deadlineMs };
  }

  /** Lots bought and sold in `symbol` on the current trading day (0 once an end-of-day cycle closed the day). */
  dayLotsOf(accountId: string, symbol: string): { readonly boughtLots: number; readonly soldLots: number } {
    const position = this.positionOf(accountId, symbol);
    if (position === null || position.countsDay !== this.tradingDay) return { boughtLots: 0, soldLots: 0 };
    return { boughtLots: position.boughtLots, soldLots: position.soldLots };
  }

  /** Positions at the current reference prices and initial margin of every account, in one currency (for the stress test). */
  exposures(currency: string): AccountExposure[] {
    const out: AccountExposure[] = [];
    for (const account of this.accounts) {
      const lines: ExposureLine[] = [];
      for (const [i, position] of [...account.positions].sort(([a], [b]) => a - b)) {
        const instrument = this.instruments[i] as InstrumentState;
        const product = this.products[instrument.product] as ClearingProduct;
        if (product.currency !== currency || position.netLots === 0) continue;
        lines.push({
          root: product.root,
          netLots: position.netLots,
          priceTicks: instrument.priceTicks,
          tickValueMinor: product.tickValueMinor,
        });
      }
      const initial = this.marginOfAccount(account).byCurrency.get(currency)?.initialMinor ?? 0n;
      out.push({ account: account.id, member: (this.members[account.member] as MemberState).id, lines, initialMarginMinor: initial });
    }
    return out;
  }

  accountIds(): readonly string[] {
    return this.accounts.map((a) => a.id);
  }

  memberIds(): readonly string[] {
    return this.members.map((m) => m.id);
  }

  memberOf(accountId: string): string {
    return (this.members[this.accountOf(accountId).member] as MemberState).id;
  }

  // ---------------------------------------------------------------------------
  // Snapshot and restore (snapshot.ts has the canonical form).

  /** The whole state as canonical plain data: equal states give byte-identical JSON. O(accounts + positions + ledger). */
  snapshot(): ClearingSnapshot {
    const currencies = this.config.currencies;
    const symbolOf = (i: number): string => (this.instruments[i] as InstrumentState).symbol;
    const closedDays = new Set<number>();
    const accounts = this.accounts.map((account): AccountSnapshot => {
      const closed = account.closed;
      if (closed !== null) closedDays.add(closed.tradingDay);
      return {
        id: account.id,
        member: (this.members[account.member] as MemberState).id,
        kind: account.kind,
        inDefault: account.inDefault,
        positions: positionsSnapshot(account.positions, symbolOf),
        day: dayCashSnapshot(account.day, currencies),
        call:
          account.call === null
            ? null
            : {
                callId: account.call.callId,
                currency: account.call.currency,
                amountMinor: account.call.amountMinor.toString(),
                deadlineMs: account.call.deadlineMs,
                depositedMinor: account.call.depositedMinor.toString(),
              },
        netDeposits: currencies
          .map((currency) => ({ currency, amount: account.netDeposits.get(currency) ?? 0n }))
          .filter((d) => d.amount !== 0n)
          .map((d) => ({ currency: d.currency, amountMinor: d.amount.toString() })),
        closed:
          closed === null
            ? null
            : {
                date: closed.date,
                tradingDay: closed.tradingDay,
                day: dayCashSnapshot(closed.day, currencies),
                closingMinor: closed.closing.map(String),
                initialMinor: closed.initial.map(String),
                maintenanceMinor: closed.maintenance.map(String),
                positions: closed.positions === null ? null : positionsSnapshot(closed.positions, symbolOf),
              },
      };
    });
    return {
      format: 'tokex-clearing-snapshot',
      version: 1,
      config: {
        currencies: [...currencies],
        marginCallWindowMs: this.config.marginCallWindowMs,
        skinInTheGameMinor: this.config.skinInTheGameMinor.toString(),
        assessmentMultiple: this.config.assessmentMultiple,
      },
      products: this.products.map((p) => ({
        root: p.root,
        currency: p.currency,
        tickValueMinor: p.tickValueMinor.toString(),
        makerFeePerLotMinor: p.makerFeePerLotMinor.toString(),
        takerFeePerLotMinor: p.takerFeePerLotMinor.toString(),
        margin: {
          scanRangeBps: p.margin.scanRangeBps,
          spreadChargeBps: p.margin.spreadChargeBps,
          initialToMaintenance: { num: p.margin.initialToMaintenance.num, den: p.margin.initialToMaintenance.den },
        },
      })),
      instruments: this.instruments.map((i) => ({
        symbol: i.symbol,
        root: (this.products[i.product] as ClearingProduct).root,
        priceTicks: i.priceTicks,
        finalSettled: i.finalSettled,
      })),
      members: this.members.map((m) => m.id),
      accounts,
      ledger: this.ledger.snapshot(),
      skinInTheGameLeftMinor: currencies.map((c) => (this.skinInTheGameLeft.get(c) ?? 0n).toString()),
      cyclesRun: [...this.cyclesRun].sort(),
      lastCycleKey: this.lastCycleKey,
      nextCallId: this.nextCallId,
      tradingDay: this.tradingDay,
      closedPrices: [...closedDays]
        .sort((a, b) => a - b)
        .map((day) => ({ tradingDay: day, pricesTicks: [...(this.closedPrices[day] ?? [])] })),
    };
  }

  /** A new clearing house in exactly the state `snapshot` describes (its own output, possibly through JSON). */
  static restore(snapshot: ClearingSnapshot): ClearingHouse {
    assert(snapshot.format === 'tokex-clearing-snapshot' && snapshot.version === 1, 'unknown clearing snapshot format');
    const config: ClearingConfig = {
      currencies: [...snapshot.config.currencies],
      marginCallWindowMs: snapshot.config.marginCallWindowMs,
      skinInTheGameMinor: minor(bigintOf(snapshot.config.skinInTheGameMinor)),
      assessmentMultiple: snapshot.config.assessmentMultiple,
    };
    const house = new ClearingHouse(config);
    const ledger = Ledger.restore(snapshot.ledger, config.currencies);
    const fixed = ['custody', 'ccp:own_capital', 'ccp:fee_income', 'ccp:settlement'];
    fixed.forEach((name, id) => assert(ledger.id(name) === id, `clearing snapshot: ledger account ${id} is not ${name}`));
    // The constructor opened a fresh ledger; the restored one (same four house accounts first) replaces it.
    (house as { ledger: Ledger }).ledger = ledger;
    const ledgerId = (name: string): number => {
      const id = ledger.id(name);
      assert(id !== undefined, `clearing snapshot: no ledger account ${name}`);
      return id;
    };
    for (const p of snapshot.products) {
      house.addProduct({
        root: p.root,
        currency: p.currency,
        tickValueMinor: minor(bigintOf(p.tickValueMinor)),
        makerFeePerLotMinor: minor(bigintOf(p.makerFeePerLotMinor)),
        takerFeePerLotMinor: minor(bigintOf(p.takerFeePerLotMinor)),
        margin: {
          scanRangeBps: p.margin.scanRangeBps,
          spreadChargeBps: p.margin.spreadChargeBps,
          initialToMaintenance: { num: p.margin.initialToMaintenance.num, den: p.margin.initialToMaintenance.den },
        },
      });
    }
    for (const i of snapshot.instruments) {
      const product = house.productByRoot.get(i.root);
      assert(product !== undefined, `clearing snapshot: instrument ${i.symbol} of unknown product ${i.root}`);
      assert(!house.instrumentBySymbol.has(i.symbol), `clearing snapshot: instrument ${i.symbol} twice`);
      assert(Number.isSafeInteger(i.priceTicks) && i.priceTicks > 0, `clearing snapshot: price of ${i.symbol}`);
      const spec = house.products[product] as ClearingProduct;
      house.instrumentBySymbol.set(i.symbol, house.instruments.length);
      house.instruments.push({
        symbol: i.symbol,
        product,
        priceTicks: i.priceTicks,
        // A final-settled contract's risk array is never read again (no positions, no orders).
        risk: i.finalSettled ? settledRisk : riskArrayOf(i.priceTicks, spec.tickValueMinor, spec.margin),
        finalSettled: i.finalSettled,
        holders: 0,
      });
    }
    for (const id of snapshot.members) {
      assert(!house.memberById.has(id), `clearing snapshot: member ${id} twice`);
      house.memberById.set(id, house.members.length);
      house.members.push({ id, defaultFund: ledgerId(`default_fund:${id}`) });
    }
    const instrumentOf = (symbol: string): number => {
      const i = house.instrumentBySymbol.get(symbol);
      assert(i !== undefined, `clearing snapshot: position in unknown instrument ${symbol}`);
      return i;
    };
    for (const a of snapshot.accounts) {
      const member = house.memberById.get(a.member);
      assert(member !== undefined, `clearing snapshot: account ${a.id} of unknown member ${a.member}`);
      assert(!house.accountById.has(a.id), `clearing snapshot: account ${a.id} twice`);
      assert(a.kind === 'house' || a.kind === 'customer', `clearing snapshot: account kind ${String(a.kind)}`);
      const index = house.accounts.length;
      const positions = positionsOf(a.positions, instrumentOf);
      for (const i of positions.keys()) (house.instruments[i] as InstrumentState).holders++;
      const call = a.call === null ? null : marginCallOf(a.call, config.currencies);
      if (call !== null) house.openCalls.add(index);
      house.accountById.set(a.id, index);
      house.accounts.push({
        id: a.id,
        member,
        kind: a.kind,
        collateral: ledgerId(`collateral:${a.id}`),
        positions,
        day: dayCashOf(a.day, config.currencies),
        call,
        inDefault: a.inDefault,
        netDeposits: new Map(a.netDeposits.map((d) => [currencyOf(d.currency, config.currencies), bigintOf(d.amountMinor)])),
        closed: a.closed === null ? null : closedDayOf(a.closed, config.currencies, instrumentOf),
      });
    }
    assert(snapshot.skinInTheGameLeftMinor.length === config.currencies.length, 'clearing snapshot: skin in the game per currency');
    house.skinInTheGameLeft = new Map(config.currencies.map((c, k) => [c, bigintOf(snapshot.skinInTheGameLeftMinor[k] as string)]));
    for (const key of snapshot.cyclesRun) house.cyclesRun.add(key);
    assert(house.cyclesRun.size === snapshot.cyclesRun.length, 'clearing snapshot: a cycle listed twice');
    house.lastCycleKey = snapshot.lastCycleKey;
    assert(Number.isSafeInteger(snapshot.nextCallId) && snapshot.nextCallId >= 1, 'clearing snapshot: next call id');
    house.nextCallId = snapshot.nextCallId;
    assert(Number.isSafeInteger(snapshot.tradingDay) && snapshot.tradingDay >= 0, 'clearing snapshot: trading day');
    house.tradingDay = snapshot.tradingDay;
    for (const { tradingDay, pricesTicks } of snapshot.closedPrices) {
      assert(Number.isSafeInteger(tradingDay) && tradingDay >= 0 && tradingDay < house.tradingDay, 'clearing snapshot: closed day');
      house.closedPrices[tradingDay] = [...pricesTicks];
    }
    return house;
  }
}

/** Stands in for the risk array of a final-settled contract, which nothing reads. */
const settledRisk: RiskArray = { lossScaled: [], maxAbsScaled: 0, scanRangeMinor: 0n, spreadUnitMinor: 0n, spreadUnitNumber: 0 };

function currencyOf(currency: string, currencies: readonly string[]): string {
  assert(currencies.includes(currency), `clearing snapshot: unknown currency ${currency}`);
  return currency;
}

/** Position records in instrument (listing) order, whatever order the map was filled in. */
function positionsSnapshot(positions: ReadonlyMap<number, Position>, symbolOf: (i: number) => string): PositionSnapshot[] {
  return [...positions]
    .sort(([a], [b]) => a - b)
    .map(([i, p]) => ({
      symbol: symbolOf(i),
      netLots: p.netLots,
      openCostTicksLots: p.openCostTicksLots.toString(),
      realisedTicksLots: p.realisedTicksLots.toString(),
      markBasisTicksLots: p.markBasisTicksLots.toString(),
      boughtLots: p.boughtLots,
      soldLots: p.soldLots,
      countsDay: p.countsDay,
    }));
}

function positionsOf(positions: readonly PositionSnapshot[], instrumentOf: (symbol: string) => number): Map<number, Position> {
  const out = new Map<number, Position>();
  for (const p of positions) {
    const i = instrumentOf(p.symbol);
    assert(!out.has(i), `clearing snapshot: two positions in ${p.symbol}`);
    assert(Number.isSafeInteger(p.netLots) && Number.isSafeInteger(p.boughtLots) && Number.isSafeInteger(p.soldLots), 'position lots');
    assert(Number.isSafeInteger(p.countsDay) && p.countsDay >= 0, 'position trading day');
    out.set(i, {
      netLots: p.netLots,
      openCostTicksLots: bigintOf(p.openCostTicksLots),
      realisedTicksLots: bigintOf(p.realisedTicksLots),
      markBasisTicksLots: bigintOf(p.markBasisTicksLots),
      boughtLots: p.boughtLots,
      soldLots: p.soldLots,
      countsDay: p.countsDay,
    });
  }
  return out;
}

/** Day cash per currency in `currencies` order (the map's own order carries no meaning). */
function dayCashSnapshot(day: ReadonlyMap<string, DayCash>, currencies: readonly string[]): DayCashSnapshot[] {
  const out: DayCashSnapshot[] = [];
  for (const currency of currencies) {
    const d = day.get(currency);
    if (d === undefined) continue;
    out.push({
      currency,
      openingMinor: d.opening.toString(),
      depositsMinor: d.deposits.toString(),
      withdrawalsMinor: d.withdrawals.toString(),
      feesMinor: d.fees.toString(),
      variationMarginMinor: d.variationMargin.toString(),
      finalSettlementMinor: d.finalSettlement.toString(),
      defaultCoverMinor: d.defaultCover.toString(),
    });
  }
  return out;
}

function dayCashOf(day: readonly DayCashSnapshot[], currencies: readonly string[]): Map<string, DayCash> {
  const out = new Map<string, DayCash>();
  for (const d of day) {
    assert(!out.has(d.currency), `clearing snapshot: day cash in ${d.currency} twice`);
    out.set(currencyOf(d.currency, currencies), {
      opening: bigintOf(d.openingMinor),
      deposits: bigintOf(d.depositsMinor),
      withdrawals: bigintOf(d.withdrawalsMinor),
      fees: bigintOf(d.feesMinor),
      variationMargin: bigintOf(d.variationMarginMinor),
      finalSettlement: bigintOf(d.finalSettlementMinor),
      defaultCover: bigintOf(d.defaultCoverMinor),
    });
  }
  return out;
}

function marginCallOf(call: MarginCallSnapshot, currencies: readonly string[]): MarginCall {
  assert(Number.isSafeInteger(call.callId) && Number.isSafeInteger(call.deadlineMs), 'clearing snapshot: margin call');
  return {
    callId: call.callId,
    currency: currencyOf(call.currency, currencies),
    amountMinor: bigintOf(call.amountMinor),
    deadlineMs: call.deadlineMs,
    depositedMinor: bigintOf(call.depositedMinor),
  };
}

function closedDayOf(closed: ClosedDaySnapshot, currencies: readonly string[], instrumentOf: (symbol: string) => number): ClosedDay {
  const perCurrency = (list: readonly string[], what: string): bigint[] => {
    assert(list.length === currencies.length, `clearing snapshot: ${what} per currency`);
    return list.map(bigintOf);
  };
  return {
    date: closed.date,
    tradingDay: closed.tradingDay,
    day: dayCashOf(closed.day, currencies),
    closing: perCurrency(closed.closingMinor, 'closing balances'),
    initial: perCurrency(closed.initialMinor, 'initial margin'),
    maintenance: perCurrency(closed.maintenanceMinor, 'maintenance margin'),
    positions: closed.positions === null ? null : positionsOf(closed.positions, instrumentOf),
  };
}

const noDayCash: ReadonlyMap<string, DayCash> = new Map();

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function byMember(survivors: readonly { readonly m: MemberState }[], amounts: readonly bigint[]): WaterfallStepApplied['byMember'] {
  return survivors.map((s, i) => ({ member: s.m.id, amountMinor: minor(amounts[i] as bigint) })).filter((x) => x.amountMinor !== 0n);
}
