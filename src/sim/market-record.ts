/**
 * The simulation's record of each day, built only from what the engine published (every
 * command's events, with the command's virtual time) and from the book sampled after
 * every tick: prices (first, high, low, last, VWAP, settlement), the closing window
 * (trades, volume, VWAP, the mid when it opened), liquidity (spread, top depth, two-sided
 * share), volume, open interest at the settlement, margin calls, defaults and close-outs.
 * For a few tracked accounts (plan hedgers, manipulators) it keeps position, cost,
 * fees, variation margin, maker and taker lots, and volume in and out of the window.
 *
 * The settlement is the price of the day's end-of-day `RunSettlement` cycle, or the
 * engine's own `SettlementPriceComputed` when the clock sends `RunDailySettlement`.
 * A command belongs to the day of its time (a close at 20:00 to that day, an enforcement
 * the next morning to the next day). VWAPs are sum(price x qty) / sum(qty) rounded half
 * to even to the tick (bigint). Averages are analytics, rounded to 2 decimals at the end.
 * O(events) per command, O(1) per sample, O(days) memory.
 */
import { dateOfDay, dayOfDate } from '../core/benchmark/index.ts';
import { divideHalfEven } from '../core/contracts/index.ts';
import type { EngineCommand, EngineEvent } from '../core/engine/index.ts';
import type { LevelView } from '../core/matching/index.ts';
import { dayMs, type SessionTimes } from './virtual-clock.ts';

export interface ClosingWindowRecord {
  readonly trades: number;
  readonly volumeLots: number;
  readonly vwapTicks: number | null;
  /** The mid after the last tick before the window (the book the window opened on). */
  readonly openingMidTicks: number | null;
}

export interface DayRecord {
  readonly day: number;
  readonly date: string;
  /** The benchmark's value for the day (reached at the close). */
  readonly benchmarkTicks: number;
  readonly firstTradeTicks: number | null;
  readonly highTicks: number | null;
  readonly lowTicks: number | null;
  readonly lastTradeTicks: number | null;
  readonly vwapTicks: number | null;
  /** The price of the day's end-of-day settlement cycle (null without clearing). */
  readonly settlementTicks: number | null;
  /** The tier when the engine computed it (`SettlementPriceComputed`); null when the clock set the price. */
  readonly settlementTier: string | null;
  readonly closingWindow: ClosingWindowRecord;
  readonly volumeLots: number;
  readonly trades: number;
  readonly openInterestLots: number | null;
  readonly averageSpreadTicks: number;
  readonly averageTopDepthLots: number;
  readonly twoSidedShare: number;
  readonly marginCalls: number;
  readonly defaults: number;
  readonly closeOutOrders: number;
}

export interface AccountTally {
  positionLots: number;
  /** Sum of signed lots x price in ticks over the account's fills (buys positive). */
  costTicksLots: number;
  feesMinor: bigint;
  variationMarginMinor: bigint;
  makerLots: number;
  takerLots: number;
  /** Lots traded per day, and within the closing window. */
  readonly volumeLotsByDay: number[];
  readonly windowLotsByDay: number[];
  /** Lots filled per client order id (the agents learn of fills a turn later; the record does at once). */
  readonly filledByOrder: Map<string, number>;
}

interface DayAccumulator {
  first: number | null;
  high: number | null;
  low: number | null;
  last: number | null;
  notional: bigint;
  volume: number;
  trades: number;
  windowNotional: bigint;
  windowVolume: number;
  windowTrades: number;
  openingMid: number | null;
  settlement: number | null;
  tier: string | null;
  openInterest: number | null;
  spreadSum: number;
  depthSum: number;
  twoSided: number;
  samples: number;
  marginCalls: number;
  defaults: number;
  closeOuts: number;
}

export interface RecorderConfig {
  readonly symbol: string;
  /** Midnight UTC of the first simulated day, in Unix milliseconds. */
  readonly firstMidnightMs: number;
  readonly startDate: string;
  /** The benchmark per day, in ticks. */
  readonly benchmarkTicks: readonly number[];
  readonly session: SessionTimes;
  /** Open interest now, or null without clearing. */
  readonly openInterest: () => number | null;
  readonly trackedAccounts: readonly string[];
}

/** The fields read of the engine's `SettlementPriceComputed` (sent by `RunDailySettlement`). */
interface SettlementPriceRead {
  readonly symbol: string;
  readonly cycle: string;
  readonly priceTicks: number;
  readonly tier: string;
}

/** Read structurally, so the record works with engines with and without engine-computed settlement prices. */
function settlementPriceOf(event: { readonly type: string }): SettlementPriceRead | null {
  return event.type === 'SettlementPriceComputed' ? (event as unknown as SettlementPriceRead) : null;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

function emptyDay(): DayAccumulator {
  return {
    first: null,
    high: null,
    low: null,
    last: null,
    notional: 0n,
    volume: 0,
    trades: 0,
    windowNotional: 0n,
    windowVolume: 0,
    windowTrades: 0,
    openingMid: null,
    settlement: null,
    tier: null,
    openInterest: null,
    spreadSum: 0,
    depthSum: 0,
    twoSided: 0,
    samples: 0,
    marginCalls: 0,
    defaults: 0,
    closeOuts: 0,
  };
}

const vwap = (notional: bigint, volume: number): number | null => (volume === 0 ? null : Number(divideHalfEven(notional, BigInt(volume))));

export class MarketRecorder {
  private readonly config: RecorderConfig;
  private readonly dayAcc: DayAccumulator[];
  private readonly tallies = new Map<string, AccountTally>();

  constructor(config: RecorderConfig) {
    this.config = config;
    const days = config.benchmarkTicks.length;
    this.dayAcc = Array.from({ length: days }, emptyDay);
    for (const account of config.trackedAccounts) {
      this.tallies.set(account, {
        positionLots: 0,
        costTicksLots: 0,
        feesMinor: 0n,
        variationMarginMinor: 0n,
        makerLots: 0,
        takerLots: 0,
        volumeLotsByDay: Array.from({ length: days }, () => 0),
        windowLotsByDay: Array.from({ length: days }, () => 0),
        filledByOrder: new Map(),
      });
    }
  }

  /** The day of a time, clamped into the run. */
  dayOf(tsMs: number): number {
    const day = Math.floor((tsMs - this.config.firstMidnightMs) / dayMs);
    return Math.min(Math.max(day, 0), this.dayAcc.length - 1);
  }

  inWindow(tsMs: number): boolean {
    const msOfDay = (((tsMs - this.config.firstMidnightMs) % dayMs) + dayMs) % dayMs;
    return msOfDay >= this.config.session.closingWindowStartMs && msOfDay < this.config.session.closeMs;
  }

  tally(account: string): AccountTally | undefined {
    return this.tallies.get(account);
  }

  /** One command's events, stamped with the command's time. */
  observe(command: EngineCommand, events: readonly EngineEvent[], tsMs: number): void {
    const day = this.dayOf(tsMs);
    const acc = this.dayAcc[day]!;
    if (command.type === 'RunSettlement' && command.cycle === 'end_of_day') {
      const price = command.prices.find(([symbol]) => symbol === this.config.symbol);
      if (price !== undefined) acc.settlement = price[1];
      acc.openInterest = this.config.openInterest();
    }
    const window = this.inWindow(tsMs);
    for (const event of events) {
      const computed = settlementPriceOf(event);
      if (computed !== null && computed.cycle === 'end_of_day' && computed.symbol === this.config.symbol) {
        acc.settlement = computed.priceTicks;
        acc.tier = computed.tier;
        acc.openInterest = this.config.openInterest();
      }
      if (event.type === 'OrderFilled' && event.symbol === this.config.symbol) this.trade(acc, day, window, event);
      else if (event.type === 'MarginCallIssued') acc.marginCalls += 1;
      else if (event.type === 'DefaultDeclared') acc.defaults += 1;
      else if (event.type === 'CloseOutRequested') acc.closeOuts += 1;
      else if (event.type === 'TradeCleared') {
        const t = this.tallies.get(event.account);
        if (t !== undefined) t.feesMinor += BigInt(event.feeMinor);
      } else if (event.type === 'VariationMarginPosted') {
        const t = this.tallies.get(event.account);
        if (t !== undefined) t.variationMarginMinor += BigInt(event.amountMinor);
      }
    }
  }

  private trade(acc: DayAccumulator, day: number, window: boolean, fill: Extract<EngineEvent, { type: 'OrderFilled' }>): void {
    const price = fill.priceTicks;
    const qty = fill.qtyLots;
    acc.first ??= price;
    acc.high = acc.high === null ? price : Math.max(acc.high, price);
    acc.low = acc.low === null ? price : Math.min(acc.low, price);
    acc.last = price;
    acc.notional += BigInt(price) * BigInt(qty);
    acc.volume += qty;
    acc.trades += 1;
    if (window) {
      acc.windowNotional += BigInt(price) * BigInt(qty);
      acc.windowVolume += qty;
      acc.windowTrades += 1;
    }
    const buyer = fill.aggressorSide === 'buy' ? fill.takerAccount : fill.makerAccount;
    for (const [account, maker, clientOrderId] of [
      [fill.makerAccount, true, fill.makerClientOrderId],
      [fill.takerAccount, false, fill.takerClientOrderId],
    ] as const) {
      const t = this.tallies.get(account);
      if (t === undefined) continue;
      const signed = account === buyer ? qty : -qty;
      t.positionLots += signed;
      t.costTicksLots += signed * price;
      if (maker) t.makerLots += qty;
      else t.takerLots += qty;
      t.volumeLotsByDay[day]! += qty;
      if (window) t.windowLotsByDay[day]! += qty;
      t.filledByOrder.set(clientOrderId, (t.filledByOrder.get(clientOrderId) ?? 0) + qty);
    }
  }

  /** The book after a tick's turns. */
  sample(tsMs: number, bid: LevelView | undefined, ask: LevelView | undefined): void {
    const acc = this.dayAcc[this.dayOf(tsMs)]!;
    acc.samples += 1;
    if (bid === undefined || ask === undefined) return;
    acc.twoSided += 1;
    acc.spreadSum += ask.priceTicks - bid.priceTicks;
    acc.depthSum += (bid.qtyLots + ask.qtyLots) / 2;
    if (!this.inWindow(tsMs)) acc.openingMid = Math.floor((bid.priceTicks + ask.priceTicks) / 2);
  }

  days(): DayRecord[] {
    const firstDay = dayOfDate(this.config.startDate);
    return this.dayAcc.map((a, day) => ({
      day,
      date: dateOfDay(firstDay + day),
      benchmarkTicks: this.config.benchmarkTicks[day]!,
      firstTradeTicks: a.first,
      highTicks: a.high,
      lowTicks: a.low,
      lastTradeTicks: a.last,
      vwapTicks: vwap(a.notional, a.volume),
      settlementTicks: a.settlement,
      settlementTier: a.tier,
      closingWindow: {
        trades: a.windowTrades,
        volumeLots: a.windowVolume,
        vwapTicks: vwap(a.windowNotional, a.windowVolume),
        openingMidTicks: a.openingMid,
      },
      volumeLots: a.volume,
      trades: a.trades,
      openInterestLots: a.openInterest,
      averageSpreadTicks: a.twoSided === 0 ? 0 : round2(a.spreadSum / a.twoSided),
      averageTopDepthLots: a.twoSided === 0 ? 0 : round2(a.depthSum / a.twoSided),
      twoSidedShare: a.samples === 0 ? 0 : round2(a.twoSided / a.samples),
      marginCalls: a.marginCalls,
      defaults: a.defaults,
      closeOutOrders: a.closeOuts,
    }));
  }
}
