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
 * Invariants, checked after every day: no crossed book and every book invariant
 * (`engine.books.checkInvariants()`), and the book rebuilt from `BookLevelChanged`
 * events equals the engine's levels. A failure throws an Error naming the seed and day.
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
import { dailyPath } from './benchmark-path.ts';
import { BookMirror } from './book-mirror.ts';
import type { Scenario } from './scenario.ts';
import { dayMs, VirtualClock } from './virtual-clock.ts';

const sessionOpenMs = 15 * 60_000;
const sessionLengthMs = (20 * 60 - 15) * 60_000;
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
}

export interface SimResult {
  readonly scenario: string;
  readonly seed: number;
  readonly symbol: string;
  readonly startDate: string;
  readonly agents: number;
  readonly figures: SimFigures;
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
  private readonly agents: Agent[] = [];
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
    this.clock = new VirtualClock(
      Date.parse(`${path.startDate}T00:00:00Z`) + sessionOpenMs,
      Math.floor(sessionLengthMs / scenario.ticksPerDay),
    );
    this.prng = new Prng(seed);
    this.createAgents();
  }

  private createAgents(): void {
    for (const [group, spec] of this.scenario.agents.entries()) {
      for (let i = 0; i < spec.count; i++) {
        const account = `${spec.kind.replace('_', '-')}-${group}-${i}`;
        const agentPrng = new Prng(this.prng.nextU32());
        if (spec.kind === 'market_maker') this.agents.push(new MarketMaker(account, spec.params));
        else if (spec.kind === 'noise_trader') this.agents.push(new NoiseTrader(account, spec.params, agentPrng));
        else this.agents.push(new TrendFollower(account, spec.params));
        this.inboxes.set(account, []);
      }
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
    for (const event of events) this.route(event);
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
    if (event.type === 'MarginCallIssued') this.marginCalls += 1;
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
      { type: 'SetUpClearing', currencies: [currency], marginCallWindowMs: 3_600_000, skinInTheGameMinor: '0', assessmentMultiple: 1 },
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
      setUp.push({ type: 'MoveCollateral', movement: 'deposit', party: agent.account, currency, amountMinor: clearing.collateralMinor });
    }
    for (const command of setUp) this.setUpCommand(command);
  }

  private runDay(day: number): void {
    const today = this.pathTicks[day]!;
    const yesterday = this.pathTicks[Math.max(0, day - 1)]!;
    const ticksPerDay = this.scenario.ticksPerDay;
    for (let tick = 0; tick < ticksPerDay; tick++) {
      this.clock.at(day, tick);
      const benchmarkTicks = yesterday + Math.trunc(((today - yesterday) * (tick + 1)) / ticksPerDay);
      for (const index of this.shuffledOrder()) this.turn(this.agents[index]!, day, tick, benchmarkTicks);
      this.sample();
    }
    this.clock.at(day, ticksPerDay);
    this.send({ type: 'ExpireOrders', scope: 'day', symbol: this.symbol });
    if (this.scenario.clearing !== null) this.settle(day, today);
    this.checkInvariants(day);
  }

  private settle(day: number, benchmarkTicks: number): void {
    const date = new Date(this.clock.startMs + day * dayMs).toISOString().slice(0, 10);
    const priceTicks = this.engine.books.lastTradePriceTicks(this.symbol) ?? benchmarkTicks;
    this.send({ type: 'RunSettlement', date, cycle: 'end_of_day', prices: [[this.symbol, priceTicks]] });
    this.send({ type: 'SetPriorSettlement', symbol: this.symbol, priceTicks });
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
    const events = this.inboxes.get(agent.account)!;
    this.inboxes.set(agent.account, []);
    const view: MarketView = {
      day,
      tick,
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
    if (bid === undefined || ask === undefined) return;
    this.twoSidedTicks += 1;
    this.spreadSum += ask.priceTicks - bid.priceTicks;
    this.depthSum += (bid.qtyLots + ask.qtyLots) / 2;
  }

  /** The end-of-day invariants; throws an Error naming the seed and the day. */
  checkInvariants(day: number): void {
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
      },
      lastSeq: this.engine.lastSeq,
      stateHash: this.engine.stateHash(),
    };
  }
}
