/**
 * The shape of a validated simulation scenario: products, days, ticks, the benchmark
 * path, the agent population with each kind's parameters, contract rules and clearing.
 * Types only; `parseScenario` (scenario.ts) is the one way to make one from JSON, and
 * guarantees every bound stated here.
 */
import type { ContractRounding, HedgeRole } from '../core/hedging/index.ts';

export const agentKinds = [
  'market_maker',
  'noise_trader',
  'trend_follower',
  'mean_reverter',
  'hedger',
  'plan_hedger',
  'spoofer',
  'settlement_manipulator',
] as const;
export type AgentKind = (typeof agentKinds)[number];

export interface MarketMakerParams {
  /** Distance of each quote from the fair value, in ticks. */
  readonly halfSpreadTicks: number;
  readonly qtyLots: number;
  /** Quotes move down this many ticks per lot held long (up per lot short). */
  readonly skewTicksPerLot: number;
  /** No bid at or above this long position, no ask at or below its negative. */
  readonly positionLotsMax: number;
  /** A quote is replaced once its wanted price is this many ticks away. */
  readonly requoteTicks: number;
}

export interface NoiseTraderParams {
  /** Chance of acting on a tick, 0 to 1. */
  readonly actProbability: number;
  readonly qtyLotsMax: number;
  /** Chance an order is IOC rather than a resting day limit, 0 to 1. */
  readonly iocProbability: number;
  /** Prices are drawn within this many ticks of the mid. */
  readonly priceRangeTicks: number;
}

export interface TrendFollowerParams {
  /** Ticks between the two mids compared. */
  readonly windowTicks: number;
  /** Move in ticks over the window that triggers an order. */
  readonly thresholdTicks: number;
  readonly qtyLots: number;
  readonly positionLotsMax: number;
}

export const meanReverterAnchors = ['benchmark', 'moving_average'] as const;
export type MeanReverterAnchor = (typeof meanReverterAnchors)[number];

export interface MeanReverterParams {
  /** What it fades deviations from: the benchmark value, or the moving average of the mid over `windowTicks`. */
  readonly anchor: MeanReverterAnchor;
  /** Turns in the moving average (used by `moving_average`; at least 1). */
  readonly windowTicks: number;
  /** Sells when the best bid is at least this many ticks above the anchor; buys when the best ask is as far below. */
  readonly entryTicks: number;
  /** Trades back toward flat once the mid is within this many ticks of the anchor (below entryTicks). */
  readonly exitTicks: number;
  readonly qtyLots: number;
  readonly positionLotsMax: number;
  /** Turns it waits after each order. */
  readonly cooldownTicks: number;
}

export interface HedgerParams {
  /** The month's exposure to build, in lots: positive buys, negative sells. Never exceeded. */
  readonly targetLots: number;
  /** Share of the target to build per day, 0 to 1 (cumulative, capped at the target). */
  readonly dailyFraction: number;
  /** A buy bids this many ticks below the best offer (a sell offers above the best bid); 0 takes the touch. */
  readonly passiveTicks: number;
  readonly qtyLotsMax: number;
  /** Its working order is cancelled once the touch has moved this many ticks away. */
  readonly requoteTicks: number;
}

/** One month of a hedge plan: the firm's quantity and, from a plan file, the plan's contract symbol and count. */
export interface HedgePlanMonth {
  /** "YYYY-MM". */
  readonly month: string;
  /** Decimal string in the product's quote unit (million tokens, GPU-hours). */
  readonly quantity: string;
  /** Whole contracts from a plan file; null inline (computed from the ratio with the product's contract unit). */
  readonly contracts: number | null;
  readonly symbol: string | null;
}

/** A hedge plan as a scenario gives it: inline (exposure and ratio) or read from `tokex hedge plan --json` output. */
export interface HedgePlanSpec {
  /** "inline", or the plan file's path as written in the scenario. */
  readonly source: string;
  readonly firm: string;
  /** The plan's product root (a plan file), or null inline (the scenario's product). */
  readonly product: string | null;
  readonly role: HedgeRole;
  /** Hedge ratio used (contracts per unit of exposure, in contract units). */
  readonly ratio: number;
  readonly rounding: ContractRounding;
  readonly planDate: string | null;
  readonly months: readonly HedgePlanMonth[];
}

export const deferredMonthRules = ['stack', 'front_only'] as const;
/**
 * What the hedger does with plan months later than the simulated contract: `stack` holds
 * their contracts in the simulated (front) contract, a stack hedge to be rolled into
 * their own months later; `front_only` hedges the simulated month's line alone.
 */
export type DeferredMonthRule = (typeof deferredMonthRules)[number];

export interface PlanHedgerParams {
  readonly plan: HedgePlanSpec;
  readonly deferredMonths: DeferredMonthRule;
  /** Days over which the position is established (an even schedule through the session). */
  readonly buildDays: number;
  /** Largest child order, in lots. */
  readonly clipLotsMax: number;
  /** A passive buy bids this many ticks above the best bid (never at or above the best offer); 0 joins the bid. */
  readonly passiveTicks: number;
  /** Behind the schedule by at least this many lots, it takes the far touch instead of waiting. */
  readonly urgencyLots: number;
  /** It never buys above the benchmark plus this many ticks (never sells below it minus them). */
  readonly limitTicks: number;
  /** Its working order is repriced once the wanted price is this many ticks away. */
  readonly requoteTicks: number;
}

export interface SpooferParams {
  /** Size of the spoof order: large. */
  readonly spoofQtyLots: number;
  /** Distance of the spoof from its own side's touch, in ticks. */
  readonly awayTicks: number;
  /** Turns the spoof rests before it is cancelled. */
  readonly cancelAfterTicks: number;
  /** Size of the small trade on the other side (an IOC at the other touch). */
  readonly tradeQtyLots: number;
  /** Turns between spoof cycles (at least cancelAfterTicks + 1). */
  readonly everyTicks: number;
  readonly positionLotsMax: number;
}

export interface SettlementManipulatorParams {
  /** `buy` pushes the settlement up while holding a long position; `sell` pushes it down while short. */
  readonly direction: 'buy' | 'sell';
  /** The position, in lots, it holds into each close (in the direction's sign). */
  readonly positionLots: number;
  /** Lots per IOC while it builds the position or unwinds yesterday's marking, before the window. */
  readonly tradeQtyLots: number;
  /** It builds only at a far touch within this many ticks of the benchmark. */
  readonly buildLimitTicks: number;
  /** Lots per IOC in the closing window. */
  readonly markQtyLots: number;
  /** A window IOC is priced this many ticks through the far touch, sweeping the levels up to it. */
  readonly markThroughTicks: number;
  /** Most lots it sends into one day's closing window. */
  readonly markLotsMaxPerDay: number;
  /** Its position never exceeds this either way (at least positionLots). */
  readonly positionLotsMax: number;
}

interface AgentGroup {
  readonly count: number;
  /** Overrides `clearing.collateralMinor` for this group's accounts. */
  readonly collateralMinor?: string;
}

export type AgentSpec = AgentGroup &
  (
    | { readonly kind: 'market_maker'; readonly params: MarketMakerParams }
    | { readonly kind: 'noise_trader'; readonly params: NoiseTraderParams }
    | { readonly kind: 'trend_follower'; readonly params: TrendFollowerParams }
    | { readonly kind: 'mean_reverter'; readonly params: MeanReverterParams }
    | { readonly kind: 'hedger'; readonly params: HedgerParams }
    | { readonly kind: 'plan_hedger'; readonly params: PlanHedgerParams }
    | { readonly kind: 'spoofer'; readonly params: SpooferParams }
    | { readonly kind: 'settlement_manipulator'; readonly params: SettlementManipulatorParams }
  );

export type BenchmarkPath =
  | { readonly kind: 'replay'; readonly from: string; readonly to: string }
  | { readonly kind: 'fixed'; readonly value: string; readonly startDate: string }
  /** One value per day from `startDate` (the last one repeats): for adverse paths in tests. */
  | { readonly kind: 'path'; readonly values: readonly string[]; readonly startDate: string };

export interface ClearingSpec {
  /** Collateral deposited into each agent's account, in minor units (a decimal string). */
  readonly collateralMinor: string;
  /** Time from a margin call to its deadline; default 12 hours (a call at the close falls due the next morning). */
  readonly marginCallWindowMs: number;
}

export const defaultMarginCallWindowMs = 12 * 3_600_000;

export interface Scenario {
  readonly name: string;
  readonly product: string;
  readonly days: number;
  readonly ticksPerDay: number;
  /**
   * Ticks of each day placed in the product's closing window (closingWindowStart to
   * close), the last ones of the day; the others spread over the session before it.
   * 0 (the default) spreads all ticks evenly over the whole session.
   */
  readonly closingWindowTicks: number;
  readonly benchmark: BenchmarkPath;
  readonly agents: readonly AgentSpec[];
  /** Lists the product to the engine (order size, daily limit, band); implied by clearing. */
  readonly contractRules: boolean;
  readonly clearing: ClearingSpec | null;
}

export const scenarioLimits = { daysMax: 366, ticksPerDayMax: 10_000, agentsMax: 1_000, agentSpecsMax: 32, planMonthsMax: 48 } as const;
