/**
 * The simulation: the real `Engine`, driven in-process by a virtual clock, with a
 * population of agents acting on it through `AgentApi`.
 *
 * Each day the clock steps through `ticksPerDay` ticks of the trading session
 * (00:15 to 20:00 UTC); on each tick every agent acts once, in an order shuffled by the
 * run's seeded `Prng`, seeing the public book (top levels), the benchmark value (moved
 * linearly from the previous day's value to today's over the day) and the engine's
 * events for its own account since its previous turn. At the close the clock expires
 * day orders and, with clearing on, runs the end-of-day settlement at the last trade
 * (else the benchmark) and sets it as the next prior settlement.
 *
 * With clearing on, before each tick's turns it sends `EnforceMarginCalls` once a
 * call's deadline has passed, and `CloseOutPositions` for a defaulter still holding a
 * position while the side it needs is quoted; after each end-of-day cycle it runs
 * `RunDefaultWaterfall` for a defaulter that is flat and marked.
 *
 * Invariants, checked after every day: no crossed book and every book invariant
 * (`engine.books.checkInvariants()`), the book rebuilt from `BookLevelChanged` events
 * equals the engine's levels, every agent order is in exactly one state and the working
 * ones are the book's (`OrderStates`), the cycle's variation margin sums to zero per
 * currency, and the ledger's balances sum to zero per currency. A failure throws an
 * Error naming the seed and day.
 *
 * With `closingWindowTicks`, the last ticks of each day fall in the product's closing
 * window and the others before it (`clockFor`). A `MarketRecorder` sees every
 * command's events and the book after every tick and keeps each day's record (prices,
 * settlement, closing window, liquidity, open interest, margin calls); the result adds
 * the plan hedgers' and settlement manipulators' outcomes from it (outcomes.ts).
 *
 * Determinism: no wall clock, no Math.random; same scenario and seed, same commands,
 * same events, same state hash. Cost: O(days * ticks * agents * events per command).
 */
import { clearingProductOf } from '../core/clearing/index.ts';
import { instrumentSpecOf, listedContracts, type ProductSpec } from '../core/contracts/index.ts';
import { Engine, type EngineCommand, type EngineEvent } from '../core/engine/index.ts';
import { Prng } from '../core/kernel/prng.ts';
import type { Lots, Ticks } from '../core/kernel/index.ts';
import type { SubmitOrder } from '../core/model/index.ts';
import type { Agent, AgentApi, AgentOrder, AgentReplace, MarketView } from './agent.ts';
import { MarketMaker } from './agents/market-maker.ts';
import { NoiseTrader } from './agents/noise-trader.ts';
import { TrendFollower } from './agents/trend-follower.ts';
import { Hedger } from './agents/hedger.ts';
import { Spoofer } from './agents/spoofer.ts';
import { MeanReverter } from './agents/mean-reverter.ts';
import { PlanHedger } from './agents/plan-hedger.ts';
import { SettlementManipulator } from './agents/settlement-manipulator.ts';
import { OrderStates } from './order-states.ts';
import { dailyPath } from './benchmark-path.ts';
import { BookMirror } from './book-mirror.ts';
import { resolvePlan } from './hedge-plan.ts';
import { MarketRecorder, type DayRecord } from './market-record.ts';
import { manipulatorOutcome, planHedgerOutcome, type ManipulatorOutcome, type MoneyFacts, type PlanHedgerOutcome } from './outcomes.ts';
import type { AgentSpec, Scenario } from './scenario.ts';
import { clockFor, dayMs, sessionTimesOf, type SessionTimes, type VirtualClock } from './virtual-clock.ts';
import { dayOfDate } from '../core/benchmark/index.ts';

const viewDepth = 5;
const levelsDepthMax = 100_000;
const member = 'sim-member';

export interface SimFigures {
  readonly days: number;
  readonly ticks: number;
  /** Mean best ask minus best bid over the ticks with both sides quoted. */
  readonly averageSpreadTicks: number;
  /** Mean of the best bid's and best ask's quantity over the same ticks. */
  readonly averageTopDepthLots: number;
  /** Share of ticks with both sides quoted. */
  readonly twoSidedShare: number;
  readonly volumeLots: number;
  readonly trades: number;
  readonly rejections: number;
  /** With clearing on; else null. */
  readonly openInterestLots: number | null;
  readonly marginCalls: number | null;
  /** With clearing on: accounts declared in default, close-out orders sent, default waterfalls run. */
  readonly defaults: number | null;
  readonly closeOutOrders: number | null;
  readonly waterfalls: number | null;
  /** Loss beyond the defaulters' own margin, covered by the waterfall's later steps, in minor units. */
  readonly waterfallLossMinor: string | null;
  /** Part of it no step covered (DefaultLossUncovered). */
  readonly uncoveredLossMinor: string | null;
  /** Agent orders by final state (submitted = neither accepted nor rejected, always 0). */
  readonly orders: Readonly<Record<string, number>>;
}

/** A hedger's outcome: lots held against its target and its goal for the days run. */
export interface HedgerOutcome {
  readonly account: string;
  readonly targetLots: number;
  readonly goalLots: number;
  readonly positionLots: number;
}

/** The simulated product's units, for reading the result's ticks and minor units. */
export interface SimProduct {
  readonly root: string;
  readonly tickSize: string;
  readonly tickValueMinor: string;
  readonly currency: string;
  readonly minorDigits: number;
  readonly contractUnit: string;
  readonly quoteUnit: string;
  readonly settlementMethod: string;
  readonly closingWindow: string;
}

export interface SimResult {
  readonly scenario: string;
  readonly seed: number;
  readonly symbol: string;
  readonly startDate: string;
  readonly agents: number;
  /** Agents per kind, in the order of the kinds' first group. */
  readonly agentsByKind: Readonly<Record<string, number>>;
  readonly product: SimProduct;
  readonly ticksPerDay: number;
  readonly closingWindowTicks: number;
  readonly figures: SimFigures;
  readonly hedgers: readonly HedgerOutcome[];
  readonly planHedgers: readonly PlanHedgerOutcome[];
  readonly manipulators: readonly ManipulatorOutcome[];
  readonly spoofers: readonly { readonly account: string; readonly spoofs: number; readonly positionLots: number }[];
  /** The record of each day: prices, closing window, liquidity, volume, open interest, margin calls, defaults. */
  readonly daily: readonly DayRecord[];
  readonly lastSeq: number;
  readonly stateHash: string;
}

export interface SimOptions {
  readonly products: readonly ProductSpec[];
  readonly dataDir?: string;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export class Simulation {
  readonly engine = new Engine();
  readonly symbol: string;
  readonly mirror: BookMirror;
  private readonly product: ProductSpec;
  private readonly pathTicks: readonly number[];
  private readonly startDate: string;
  private readonly clock: VirtualClock;
  private readonly prng: Prng;
  readonly agents: Agent[] = [];
  readonly orders = new OrderStates();
  readonly recorder: MarketRecorder;
  private readonly session: SessionTimes;
  /** Defaulted accounts not yet through the waterfall, in the order declared. */
  private readonly defaulters: string[] = [];
  private readonly callDeadlines = new Map<string, number>();
  private readonly collateralOf = new Map<string, string>();
  private defaults = 0;
  private closeOutOrders = 0;
  private waterfalls = 0;
  private waterfallLoss = 0n;
  private uncoveredLoss = 0n;
  private readonly inboxes = new Map<string, EngineEvent[]>();
  private seq = 0;
  private spreadSum = 0;
  private depthSum = 0;
  private twoSidedTicks = 0;
  private ticksRun = 0;
  private volumeLots = 0;
  private trades = 0;
  private rejections = 0;
  private marginCalls = 0;

  readonly scenario: Scenario;
  readonly seed: number;

  constructor(scenario: Scenario, seed: number, options: SimOptions) {
    this.scenario = scenario;
    this.seed = seed;
    const product = options.products.find((spec) => spec.root === scenario.product);
    if (product === undefined) throw new Error(`product: no product ${scenario.product}`);
    this.product = product;
    const path = dailyPath(product, scenario.benchmark, scenario.days, options.dataDir);
    this.pathTicks = path.ticks;
    this.startDate = path.startDate;
    const listingDate = path.startDate < product.listing.firstListingDate ? product.listing.firstListingDate : path.startDate;
    const front = listedContracts(product, listingDate)[0];
    if (front === undefined) throw new Error(`product: ${product.root} lists no contract on ${listingDate}`);
    this.symbol = front.symbol;
    this.mirror = new BookMirror(this.symbol);
    this.session = sessionTimesOf(product);
    const firstMidnightMs = dayOfDate(path.startDate) * dayMs;
    this.clock = clockFor(this.session, firstMidnightMs, scenario.ticksPerDay, scenario.closingWindowTicks);
    this.prng = new Prng(seed);
    this.createAgents();
    this.recorder = new MarketRecorder({
      symbol: this.symbol,
      firstMidnightMs,
      startDate: path.startDate,
      benchmarkTicks: this.pathTicks,
      session: this.session,
      openInterest: () => this.engine.clearing?.openInterestLots(this.symbol) ?? null,
      trackedAccounts: this.agents.filter((a) => a instanceof PlanHedger || a instanceof SettlementManipulator).map((a) => a.account),
    });
  }

  private createAgents(): void {
    for (const [group, spec] of this.scenario.agents.entries()) {
      for (let i = 0; i < spec.count; i++) {
        const account = `${spec.kind.replace('_', '-')}-${group}-${i}`;
        const agentPrng = new Prng(this.prng.nextU32());
        this.agents.push(this.agentOf(spec, account, agentPrng));
        if (spec.collateralMinor !== undefined) this.collateralOf.set(account, spec.collateralMinor);
        this.inboxes.set(account, []);
      }
    }
  }

  /** One agent of a group (each draws its own Prng seed from the run's, used or not, so groups keep their streams). */
  private agentOf(spec: AgentSpec, account: string, prng: Prng): Agent {
    switch (spec.kind) {
      case 'market_maker':
        return new MarketMaker(account, spec.params);
      case 'noise_trader':
        return new NoiseTrader(account, spec.params, prng);
      case 'trend_follower':
        return new TrendFollower(account, spec.params);
      case 'mean_reverter':
        return new MeanReverter(account, spec.params);
      case 'hedger':
        return new Hedger(account, spec.params);
      case 'plan_hedger': {
        const { plan, deferredMonths, ...execution } = spec.params;
        return new PlanHedger(account, resolvePlan(plan, this.product, this.symbol, deferredMonths), execution);
      }
      case 'spoofer':
        return new Spoofer(account, spec.params, prng);
      case 'settlement_manipulator':
        return new SettlementManipulator(account, spec.params, {
          startMs: this.session.closingWindowStartMs,
          endMs: this.session.closeMs,
        });
    }
  }

  /** Runs every day of the scenario and returns the figures and the final state hash. */
  run(): SimResult {
    this.setUp();
    for (let day = 0; day < this.scenario.days; day++) this.runDay(day);
    return this.result();
  }

  private send(command: EngineCommand): EngineEvent[] {
    this.seq += 1;
    const events = this.engine.apply(command, { seq: this.seq, tsMs: this.clock.now });
    this.mirror.apply(events);
    this.recorder.observe(command, events, this.clock.now);
    for (const event of events) this.route(event);
    if (command.type === 'SubmitOrder' && this.inboxes.has(command.account)) {
      this.orders.submit(command.account, command.clientOrderId, events);
    } else {
      this.orders.observe(events);
    }
    return events;
  }

  private route(event: EngineEvent): void {
    if (event.type === 'OrderFilled') {
      this.trades += 1;
      this.volumeLots += event.qtyLots;
      this.inboxes.get(event.makerAccount)?.push(event);
      if (event.takerAccount !== event.makerAccount) this.inboxes.get(event.takerAccount)?.push(event);
      return;
    }
    if (event.type === 'OrderRejected') this.rejections += 1;
    if (event.type === 'MarginCallIssued') {
      this.marginCalls += 1;
      this.callDeadlines.set(event.account, event.deadlineMs);
    }
    if (event.type === 'MarginCallMet' || event.type === 'MarginCallMissed') this.callDeadlines.delete(event.account);
    if (event.type === 'DefaultDeclared') {
      this.defaults += 1;
      this.defaulters.push(event.account);
    }
    if (event.type === 'CloseOutRequested') this.closeOutOrders += 1;
    if (event.type === 'WaterfallStepApplied' && event.step !== 'defaulter_margin') this.waterfallLoss += BigInt(event.amountMinor);
    if (event.type === 'DefaultLossUncovered') {
      this.waterfallLoss += BigInt(event.amountMinor);
      this.uncoveredLoss += BigInt(event.amountMinor);
    }
    if ('account' in event && typeof event.account === 'string') this.inboxes.get(event.account)?.push(event);
  }

  private setUpCommand(command: EngineCommand): void {
    const refused = this.send(command).find((event) => event.type.endsWith('Rejected'));
    if (refused !== undefined) throw new Error(`simulation set-up: ${command.type} refused: ${JSON.stringify(refused)}`);
  }

  private setUp(): void {
    const reference = this.pathTicks[0]!;
    const product = this.product;
    if (this.scenario.contractRules) this.setUpCommand({ type: 'ListProduct', spec: product });
    this.setUpCommand({ type: 'ListInstrument', spec: instrumentSpecOf(product, this.symbol) });
    if (this.scenario.contractRules) this.setUpCommand({ type: 'SetPriorSettlement', symbol: this.symbol, priceTicks: reference });
    const clearing = this.scenario.clearing;
    if (clearing === null) return;
    const currency = product.quote.currency;
    const cleared = clearingProductOf(product);
    const setUp: EngineCommand[] = [
      {
        type: 'SetUpClearing',
        currencies: [currency],
        marginCallWindowMs: clearing.marginCallWindowMs,
        skinInTheGameMinor: '0',
        assessmentMultiple: 1,
      },
      {
        type: 'AddClearingProduct',
        root: cleared.root,
        currency: cleared.currency,
        tickValueMinor: String(cleared.tickValueMinor),
        makerFeePerLotMinor: String(cleared.makerFeePerLotMinor),
        takerFeePerLotMinor: String(cleared.takerFeePerLotMinor),
        margin: cleared.margin,
      },
      { type: 'RegisterClearedInstrument', symbol: this.symbol, root: product.root, referencePriceTicks: reference },
      { type: 'AddClearingMember', member },
    ];
    for (const agent of this.agents) {
      setUp.push({ type: 'OpenClearingAccount', account: agent.account, member, kind: 'customer' });
      const amountMinor = this.collateralOf.get(agent.account) ?? clearing.collateralMinor;
      setUp.push({ type: 'MoveCollateral', movement: 'deposit', party: agent.account, currency, amountMinor });
    }
    for (const command of setUp) this.setUpCommand(command);
  }

  private runDay(day: number): void {
    const today = this.pathTicks[day]!;
    const yesterday = this.pathTicks[Math.max(0, day - 1)]!;
    const ticksPerDay = this.scenario.ticksPerDay;
    const rules = this.scenario.contractRules;
    for (let tick = 0; tick < ticksPerDay; tick++) {
      this.clock.at(day, tick);
      // With the contract rules on, the day opens with a call auction: the first tick's
      // orders are collected in the pre-open and uncrossed before the second tick.
      if (rules && tick === 0) this.send({ type: 'StartPreOpen', symbol: this.symbol });
      if (rules && tick > 0) this.driveSession(tick === 1);
      // The intraday variation-margin cycle at mid-session, at the engine's own prices.
      if (rules && this.scenario.clearing !== null && tick === Math.floor(ticksPerDay / 2)) {
        this.send({ type: 'RunDailySettlement', date: new Date(this.clock.now).toISOString().slice(0, 10), cycle: 'intraday' });
      }
      if (this.scenario.clearing !== null) this.enforce();
      const benchmarkTicks = yesterday + Math.trunc(((today - yesterday) * (tick + 1)) / ticksPerDay);
      for (const index of this.shuffledOrder()) this.turn(this.agents[index]!, day, tick, benchmarkTicks);
      this.sample();
    }
    this.clock.at(day, ticksPerDay);
    if (rules) this.send({ type: 'CloseTrading', symbol: this.symbol });
    this.send({ type: 'ExpireOrders', scope: 'day', symbol: this.symbol });
    const settlement = rules ? this.settleByRules(day) : this.scenario.clearing === null ? [] : this.settle(day, today);
    if (this.scenario.clearing !== null) this.runWaterfalls();
    this.checkInvariants(day, settlement);
  }

  /**
   * The session clock's part within the day: the opening auction's uncross, and after a
   * circuit-breaker trip the end of the pause and the re-opening auction's uncross.
   */
  private driveSession(opening: boolean): void {
    const state = this.engine.contractState(this.symbol);
    if (state === null) return;
    const now = this.clock.now;
    const { state: phase, haltReason, resumeAtMs } = state.lifecycle;
    if (phase === 'halted' && haltReason === 'circuit_breaker' && resumeAtMs !== null && now >= resumeAtMs) {
      this.send({ type: 'ResumeTrading', symbol: this.symbol });
      return;
    }
    if (phase === 'pre_open' && (opening || (state.reopenAtMs !== null && now >= state.reopenAtMs))) {
      this.send({ type: 'OpenTrading', symbol: this.symbol });
    }
  }

  /** The end-of-day cycle at the engine's own settlement price (tiers of the contract rules); returns its events. */
  private settleByRules(day: number): EngineEvent[] {
    const date = new Date(this.clock.startMs + day * dayMs).toISOString().slice(0, 10);
    return this.send({ type: 'RunDailySettlement', date, cycle: 'end_of_day' });
  }

  /** The end-of-day cycle without contract rules (a price the simulation picks); returns its events. */
  private settle(day: number, benchmarkTicks: number): EngineEvent[] {
    const date = new Date(this.clock.startMs + day * dayMs).toISOString().slice(0, 10);
    const priceTicks = this.engine.books.lastTradePriceTicks(this.symbol) ?? benchmarkTicks;
    const events = this.send({ type: 'RunSettlement', date, cycle: 'end_of_day', prices: [[this.symbol, priceTicks]] });
    this.send({ type: 'SetPriorSettlement', symbol: this.symbol, priceTicks });
    return events;
  }

  /**
   * Before the agents' turns: enforces margin calls once a deadline has passed (the
   * engine cancels the defaulter's orders and closes its positions with market IOCs),
   * then retries the close-out of any defaulter still holding a position while the
   * side it needs is quoted.
   */
  private enforce(): void {
    const now = this.clock.now;
    if ([...this.callDeadlines.values()].some((deadline) => deadline <= now)) this.send({ type: 'EnforceMarginCalls' });
    const house = this.engine.clearing!;
    for (const account of this.defaulters) {
      const net = house.positionOf(account, this.symbol)?.netLots ?? 0;
      if (net === 0) continue;
      const against = this.engine.books.levels(this.symbol, net > 0 ? 'buy' : 'sell', 1);
      if (against.length > 0) this.send({ type: 'CloseOutPositions', account });
    }
  }

  /** After the end-of-day cycle: the waterfall for each defaulter now flat and marked by a cycle. */
  private runWaterfalls(): void {
    const house = this.engine.clearing!;
    for (const account of [...this.defaulters]) {
      const position = house.positionOf(account, this.symbol);
      if (position !== null && (position.netLots !== 0 || position.markBasisTicksLots !== 0n)) continue;
      this.setUpCommand({ type: 'RunDefaultWaterfall', account });
      this.waterfalls += 1;
      this.defaulters.splice(this.defaulters.indexOf(account), 1);
    }
  }

  /** Fisher-Yates over the agent indices with the run's Prng. */
  private shuffledOrder(): number[] {
    const order = this.agents.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.prng.intBetween(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }

  private turn(agent: Agent, day: number, tick: number, benchmarkTicks: number): void {
    // Halted or closed: nobody acts; in a call auction's collection only the agents made for it.
    const phase = this.engine.contractState(this.symbol)?.lifecycle.state ?? 'open';
    if (phase !== 'open' && !(phase === 'pre_open' && agent.actsInAuction === true)) return;
    const events = this.inboxes.get(agent.account)!;
    this.inboxes.set(agent.account, []);
    const view: MarketView = {
      day,
      tick,
      ticksPerDay: this.scenario.ticksPerDay,
      tsMs: this.clock.now,
      symbol: this.symbol,
      benchmarkTicks,
      bids: this.engine.books.levels(this.symbol, 'buy', viewDepth),
      asks: this.engine.books.levels(this.symbol, 'sell', viewDepth),
      lastTradeTicks: this.engine.books.lastTradePriceTicks(this.symbol),
      events,
    };
    agent.act(view, this.apiFor(agent.account));
  }

  /** Order entry for one account: each call is one command applied to the engine. */
  apiFor(account: string): AgentApi {
    const symbol = this.symbol;
    return {
      submitOrder: (order: AgentOrder): void => {
        const command: SubmitOrder = {
          type: 'SubmitOrder',
          symbol,
          account,
          clientOrderId: order.clientOrderId,
          side: order.side,
          orderType: order.type,
          qtyLots: order.qtyLots as Lots,
          tif: order.tif,
          ...(order.priceTicks !== undefined && { priceTicks: order.priceTicks as Ticks }),
        };
        this.send(command);
      },
      cancelOrder: (clientOrderId: string): void => {
        this.send({ type: 'CancelOrder', symbol, account, clientOrderId });
      },
      replaceOrder: (clientOrderId: string, changes: AgentReplace): void => {
        this.send({
          type: 'ReplaceOrder',
          symbol,
          account,
          clientOrderId,
          ...(changes.qtyLots !== undefined && { qtyLots: changes.qtyLots as Lots }),
          ...(changes.priceTicks !== undefined && { priceTicks: changes.priceTicks as Ticks }),
          ...(changes.newClientOrderId !== undefined && { newClientOrderId: changes.newClientOrderId }),
        });
      },
    };
  }

  private sample(): void {
    this.ticksRun += 1;
    const bid = this.engine.books.levels(this.symbol, 'buy', 1)[0];
    const ask = this.engine.books.levels(this.symbol, 'sell', 1)[0];
    this.recorder.sample(this.clock.now, bid, ask);
    if (bid === undefined || ask === undefined) return;
    this.twoSidedTicks += 1;
    this.spreadSum += ask.priceTicks - bid.priceTicks;
    this.depthSum += (bid.qtyLots + ask.qtyLots) / 2;
  }

  /** The end-of-day invariants; throws an Error naming the seed and the day. */
  checkInvariants(day: number, settlement: readonly EngineEvent[] = []): void {
    const fail = (why: string): never => {
      throw new Error(`simulation invariant broken (seed ${this.seed}, day ${day}): ${why}`);
    };
    try {
      this.engine.books.checkInvariants();
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    const bid = this.engine.books.levels(this.symbol, 'buy', 1)[0];
    const ask = this.engine.books.levels(this.symbol, 'sell', 1)[0];
    if (bid !== undefined && ask !== undefined && bid.priceTicks >= ask.priceTicks) {
      fail(`crossed book: bid ${bid.priceTicks} >= ask ${ask.priceTicks}`);
    }
    for (const side of ['buy', 'sell'] as const) {
      const difference = this.mirror.differenceFrom(side, this.engine.books.levels(this.symbol, side, levelsDepthMax));
      if (difference !== null) fail(`book rebuilt from BookLevelChanged disagrees: ${difference}`);
    }
    const orders = this.orders.check(this.engine.books.workingOrders(this.symbol));
    if (orders !== null) fail(`order states: ${orders}`);
    const vm = new Map<string, bigint>();
    for (const event of settlement) {
      if (event.type === 'VariationMarginPosted') vm.set(event.currency, (vm.get(event.currency) ?? 0n) + BigInt(event.amountMinor));
    }
    for (const [currency, sum] of vm) if (sum !== 0n) fail(`variation margin of the cycle sums to ${sum} ${currency}, not 0`);
    const house = this.engine.clearing;
    if (house === null) return;
    const balances = new Map<string, bigint>();
    for (const b of house.snapshot().ledger.balances) {
      balances.set(b.currency, (balances.get(b.currency) ?? 0n) + BigInt(b.balanceMinor));
    }
    for (const [currency, sum] of balances) if (sum !== 0n) fail(`ledger balances sum to ${sum} ${currency}, not 0`);
  }

  private agentsByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const spec of this.scenario.agents) counts[spec.kind] = (counts[spec.kind] ?? 0) + spec.count;
    return counts;
  }

  private productFacts(): SimProduct {
    const p = this.product;
    const hhmm = (ms: number): string =>
      `${String(Math.floor(ms / 3_600_000)).padStart(2, '0')}:${String((ms / 60_000) % 60).padStart(2, '0')}`;
    return {
      root: p.root,
      tickSize: p.tickSize,
      tickValueMinor: p.tickValueMinor,
      currency: p.quote.currency,
      minorDigits: p.quote.minorDigits,
      contractUnit: `${p.contractUnit.amount} ${p.contractUnit.unit}`,
      quoteUnit: p.quote.unit,
      settlementMethod: p.settlement.method,
      closingWindow: `${hhmm(this.session.closingWindowStartMs)}-${hhmm(this.session.closeMs)} UTC`,
    };
  }

  /** Plan hedgers', manipulators' and spoofers' outcomes, from their records and the market record. */
  private outcomes(): Pick<SimResult, 'planHedgers' | 'manipulators' | 'spoofers' | 'daily'> {
    const daily = this.recorder.days();
    const money: MoneyFacts = {
      tickValueMinor: BigInt(this.product.tickValueMinor),
      minorDigits: this.product.quote.minorDigits,
      contractUnitAmount: Number(this.product.contractUnit.amount),
    };
    const clearing = this.scenario.clearing !== null;
    const tally = (account: string): NonNullable<ReturnType<MarketRecorder['tally']>> => this.recorder.tally(account)!;
    return {
      planHedgers: this.agents
        .filter((a): a is PlanHedger => a instanceof PlanHedger)
        .map((h) => planHedgerOutcome(h, tally(h.account), daily, this.pathTicks[0]!, money, clearing)),
      manipulators: this.agents
        .filter((a): a is SettlementManipulator => a instanceof SettlementManipulator)
        .map((m) => manipulatorOutcome(m, tally(m.account), daily, money)),
      spoofers: this.agents
        .filter((a): a is Spoofer => a instanceof Spoofer)
        .map((s) => ({ account: s.account, spoofs: s.spoofs.length, positionLots: s.position })),
      daily,
    };
  }

  private result(): SimResult {
    const house = this.engine.clearing;
    const samples = this.twoSidedTicks;
    return {
      scenario: this.scenario.name,
      seed: this.seed,
      symbol: this.symbol,
      startDate: this.startDate,
      agents: this.agents.length,
      agentsByKind: this.agentsByKind(),
      product: this.productFacts(),
      ticksPerDay: this.scenario.ticksPerDay,
      closingWindowTicks: this.scenario.closingWindowTicks,
      figures: {
        days: this.scenario.days,
        ticks: this.ticksRun,
        averageSpreadTicks: samples === 0 ? 0 : round2(this.spreadSum / samples),
        averageTopDepthLots: samples === 0 ? 0 : round2(this.depthSum / samples),
        twoSidedShare: this.ticksRun === 0 ? 0 : round2(samples / this.ticksRun),
        volumeLots: this.volumeLots,
        trades: this.trades,
        rejections: this.rejections,
        openInterestLots: house === null ? null : house.openInterestLots(this.symbol),
        marginCalls: house === null ? null : this.marginCalls,
        defaults: house === null ? null : this.defaults,
        closeOutOrders: house === null ? null : this.closeOutOrders,
        waterfalls: house === null ? null : this.waterfalls,
        waterfallLossMinor: house === null ? null : String(this.waterfallLoss),
        uncoveredLossMinor: house === null ? null : String(this.uncoveredLoss),
        orders: { ...this.orders.total },
      },
      hedgers: this.agents
        .filter((agent): agent is Hedger => agent instanceof Hedger)
        .map((hedger) => ({
          account: hedger.account,
          targetLots: hedger.targetLots,
          goalLots: hedger.goalLots(this.scenario.days - 1),
          positionLots: hedger.position,
        })),
      ...this.outcomes(),
      lastSeq: this.engine.lastSeq,
      stateHash: this.engine.stateHash(),
    };
  }
}
