/**
 * Wire types of the public reference routes as the SDK sees them: one instrument's full
 * specification (`GET /v1/instruments/:symbol`), the listing calendar, the benchmarks
 * (list, history, fixing, methodology) and the demo market's credentials. They mirror
 * the server's schemas (src/server/http/contract-schemas.ts, benchmark-schemas.ts); the
 * type test in test/api checks that both stay the same. Types only.
 */
import type { Instrument } from './types.ts';

export interface ProductSpecView {
  root: string;
  name: string;
  family: 'token' | 'compute';
  benchmarkId: string;
  contractUnit: { amount: string; unit: string };
  quote: { currency: string; minorDigits: number; unit: string };
  tickSize: string;
  tickValue: string;
  tickValueMinor: string;
  lotSize: string;
  priceMax: string;
  marketProtectionTicks: number;
  orderQtyLotsMax: number;
  blockMinLots: number;
  fees: { makerPerLotMinor: string; takerPerLotMinor: string };
  listing: { cycle: 'consecutive_months'; monthsListed: number; firstListingDate: string };
  lastTradingDay: { rule: 'last_business_day' | 'last_weekday'; weekday: number | null };
  holidays: string[];
  holidaysKnownThrough: string;
  sessions: { preOpen: string; open: string; closingWindowStart: string; close: string };
  dailyLimit: {
    baseBps: number;
    escalation: { limitBps: number; initialMarginBps: number; maintenanceMarginBps: number }[];
    haltAfterLockedDays: number;
  };
  priceBand: { bandBps: number };
  circuitBreaker: { windowMs: number; moveBps: number; pauseMs: number; reopenAuctionMs: number };
  positionLimits: {
    spotMonthLots: number;
    singleMonthLots: number;
    allMonthsLots: number;
    accountabilityLots: number;
    reportableLots: number;
  };
  settlement: { method: 'closing_window_vwap' | 'full_day_vwap' };
  margin: { initialBps: number; maintenanceBps: number };
  finalSettlement: { method: 'cash'; against: 'benchmark_final_settlement_value'; lagBusinessDays: number };
}

export interface ContractDates {
  year: number;
  month: number;
  listingDate: string;
  lastTradingDate: string;
  finalSettlementDate: string;
  provisional: boolean;
}

export interface InstrumentToday {
  date: string;
  listed: boolean;
  tradingDay: boolean;
  calendarStatus: string;
  session: { preOpenMs: number; openMs: number; closingWindowStartMs: number; closeMs: number } | null;
}

/** The engine's live state of an instrument (`state` of `GET /v1/instruments/:symbol`, the `status` channel). */
export interface InstrumentState {
  /** null: the contract rules do not apply to it (no listed product). */
  session: 'listed' | 'pre_open' | 'open' | 'halted' | 'closed' | 'expired' | 'settled' | null;
  haltReason: 'circuit_breaker' | 'limit_halt' | 'operator' | null;
  resumeAtMs: number | null;
  reopenAtMs: number | null;
  priorSettlement: string | null;
  referencePrice: string | null;
  limits: {
    lower: string;
    upper: string;
    step: number;
    lockedDays: number;
    initialMarginBps: number;
    maintenanceMarginBps: number;
  } | null;
  band: { lower: string; upper: string } | null;
  indicative: { price: string | null; qty: string; imbalance: string; imbalanceSide: 'buy' | 'sell' | null } | null;
  lastSettlement: {
    date: string;
    cycle: 'intraday' | 'end_of_day';
    price: string;
    tier: 'closing_window_vwap' | 'full_day_vwap' | 'last_trade_clamped' | 'neighbour_change' | 'prior_settlement';
  } | null;
  finalSettlementPrice: string | null;
  dayTrades: number;
  dayVolume: string;
}

/** `GET /v1/instruments/:symbol`. */
export interface InstrumentDetail extends Instrument {
  product: ProductSpecView | null;
  contract: ContractDates | null;
  today: InstrumentToday | null;
  state: InstrumentState;
}

export interface CalendarEvent {
  date: string;
  kind: 'listing' | 'last_trading_day' | 'final_settlement';
  symbol: string;
  root: string;
  provisional: boolean;
}

export interface Calendar {
  from: string;
  to: string;
  root: string | null;
  events: CalendarEvent[];
}

// ---- benchmarks -----------------------------------------------------------------------

export type BenchmarkConfidence = 'normal' | 'low' | 'fallback' | 'none';
export type BenchmarkInputLevel = 'transaction' | 'executable_quote' | 'list_price';
export type BenchmarkExclusionReason =
  'malformed' | 'ineligible' | 'stale' | 'lower_input_level' | 'duplicate_route' | 'outlier' | 'below_quorum';

export interface BenchmarkListing {
  id: string;
  family: 'token' | 'compute';
  title: string;
  unit: string;
  version: string;
  methodologyHash: string;
  decimals: number;
}

export interface BenchmarkPoint {
  date: string;
  value: string | null;
  spotUsd: string | null;
  confidence: BenchmarkConfidence;
  contributors: number;
  constituentChange: boolean;
}

export interface BenchmarkHistory {
  id: string;
  unit: string;
  from: string;
  to: string;
  points: BenchmarkPoint[];
}

export interface BenchmarkFixingInput {
  obsId: string;
  kind: 'token' | 'compute';
  provider: string;
  product: string;
  level: BenchmarkInputLevel;
  observedDate: string;
  inputUsdPerMtok: number | null;
  outputUsdPerMtok: number | null;
  usdPerHour: number | null;
  gpuCount: number | null;
  pricing: string | null;
  offering: string | null;
  excluded: BenchmarkExclusionReason | null;
}

export interface BenchmarkContribution {
  key: string;
  contributor: string;
  product: string;
  obsIds: string[];
  priceUsd: number;
  weight: number;
  weightShare: number;
  previousEffectiveUsd: number | null;
  effectiveUsd: number;
  logRelative: number | null;
}

export interface BenchmarkFixing {
  benchmarkId: string;
  unit: string;
  methodologyVersion: string;
  methodologyHash: string;
  date: string;
  value: string | null;
  spotUsd: string | null;
  confidence: BenchmarkConfidence;
  contributorCount: number;
  matchedCount: number;
  inputLevel: BenchmarkInputLevel | null;
  outlierReference: 'chain_state' | 'day_inputs' | 'not_applied' | 'off';
  outlierCenterUsd: number | null;
  link: number;
  constituentChange: boolean;
  entered: string[];
  left: string[];
  anchoring: { reason: string; applied: boolean; previousValue: string | null; anchorUsd: string | null; detail: string } | null;
  inputs: BenchmarkFixingInput[];
  contributions: BenchmarkContribution[];
  exclusions: { obsId: string; reason: BenchmarkExclusionReason; detail: string }[];
}

export interface BenchmarkMethodology {
  id: string;
  version: string;
  methodologyHash: string;
  title: string;
  markdown: string;
  commonMarkdown: string;
}

/** `GET /v1/demo/credentials` of a server running the demo market (404 otherwise). */
export interface DemoCredentials {
  account: string;
  apiKey: string;
  apiSecret: string;
}
