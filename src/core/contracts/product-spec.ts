/**
 * A futures product as data: what one contract is, how it is quoted, when its months
 * list and expire, how far its price may move in a day, and who may hold how much.
 *
 * The shape is the JSON of a product file (products/*.json) after `validateProductSpec`
 * accepted it: decimals stay strings (exact), money in minor units is a decimal string
 * of an integer (bigint when used), percentages are integer basis points (1 bp = 0.01%),
 * times of day are "HH:MM" in UTC. Nothing here is computed; see listing.ts,
 * price-limits.ts and settlement-price.ts for the rules that read it.
 */

export const productFamilies = ['token', 'compute'] as const;
export type ProductFamily = (typeof productFamilies)[number];

/** `last_business_day`: the month's last business day. `last_weekday`: the month's last given weekday, moved back to a business day. */
export type LastTradingDayRule =
  | { readonly rule: 'last_business_day' }
  | { readonly rule: 'last_weekday'; /** ISO weekday, 1 = Monday ... 5 = Friday. */ readonly weekday: number };

export const settlementMethods = ['closing_window_vwap', 'full_day_vwap'] as const;
/** `closing_window_vwap`: CME-style, VWAP of the closing window. `full_day_vwap`: SHFE-style, VWAP of the whole day. */
export type SettlementMethod = (typeof settlementMethods)[number];

export interface LimitEscalationStep {
  /** Daily limit after this many consecutive limit-locked days (step 1 = one day, ...). */
  readonly limitBps: number;
  /** Margin rates while this step is in force (never below the base rates). */
  readonly initialMarginBps: number;
  readonly maintenanceMarginBps: number;
}

export interface ProductSpec {
  /** Root symbol, 1 to 6 of A-Z 0-9 starting with a letter; contracts are root + month code + yy. */
  readonly root: string;
  readonly name: string;
  readonly family: ProductFamily;
  /** The benchmark the contract is cash-settled against, e.g. "TKX-TOK-FRONTIER". */
  readonly benchmarkId: string;
  /** One contract: `amount` of `unit`, e.g. 1000 "million tokens". */
  readonly contractUnit: { readonly amount: string; readonly unit: string };
  /** Currency of prices and money, its minor-unit digits (2 for USD cents), and the unit a price is quoted in. */
  readonly quote: { readonly currency: string; readonly minorDigits: number; readonly unit: string };
  /** Price step in the quote unit, e.g. "0.001". */
  readonly tickSize: string;
  /** Money value of one tick on one contract in minor units: tickSize x contract amount x 10^minorDigits, exactly. */
  readonly tickValueMinor: string;
  /** Quantity step in contracts ("1"). */
  readonly lotSize: string;
  /** Highest price accepted, in ticks (the lowest is one tick). */
  readonly priceTicksMax: number;
  /** Protection range of market and stop orders, in ticks. */
  readonly marketProtectionTicks: number;
  readonly listing: {
    readonly cycle: 'consecutive_months';
    /** Contracts listed at any time, e.g. 12. */
    readonly monthsListed: number;
    /** Launch date of the product: nothing is listed before it. */
    readonly firstListingDate: string;
  };
  readonly lastTradingDay: LastTradingDayRule;
  /** Exchange holidays (no session), sorted, weekdays only. */
  readonly holidays: readonly string[];
  /** The holiday list is complete up to this date; dates computed beyond it are provisional. */
  readonly holidaysKnownThrough: string;
  readonly finalSettlement: {
    readonly method: 'cash';
    /** The benchmark's final settlement value (benchmark/settlement.ts), rounded to the tick half-even. */
    readonly against: 'benchmark_final_settlement_value';
    /** Business days from the last trading day to the final settlement date. */
    readonly lagBusinessDays: number;
  };
  readonly dailyLimit: {
    /** Limit as a share of the prior settlement price when no limit-locked day precedes. */
    readonly baseBps: number;
    /** SHFE-style steps after 1, 2, ... consecutive limit-locked days in the same direction. */
    readonly escalation: readonly LimitEscalationStep[];
    /** Consecutive limit-locked days after which the next trading day is halted. */
    readonly haltAfterLockedDays: number;
  };
  /** Orders priced beyond the band around the reference price on their aggressive side are rejected. */
  readonly priceBand: { readonly bandBps: number };
  readonly circuitBreaker: {
    /** Rolling window over trade prices. */
    readonly windowMs: number;
    /** Trip when the window's high and low are more than this share of the prior settlement apart. */
    readonly moveBps: number;
    /** Pause: no orders, cancels only. */
    readonly pauseMs: number;
    /** The re-opening call auction that follows the pause: orders collected, then one uncross. */
    readonly reopenAuctionMs: number;
  };
  readonly orderQtyLotsMax: number;
  readonly positionLimits: {
    readonly spotMonthLots: number;
    readonly singleMonthLots: number;
    readonly allMonthsLots: number;
    /** Above this the exchange may ask about the position (no rejection). */
    readonly accountabilityLots: number;
    /** At or above this the position is reported to the exchange's surveillance. */
    readonly reportableLots: number;
  };
  readonly blockMinLots: number;
  /** Exchange and clearing fees per contract traded, in minor units (decimal strings): the resting side pays the maker fee. */
  readonly fees: { readonly makerPerLotMinor: string; readonly takerPerLotMinor: string };
  /** UTC times of one trading day: pre-open (call auction), continuous open, closing window, close. */
  readonly sessions: {
    readonly preOpen: string;
    readonly open: string;
    readonly closingWindowStart: string;
    readonly close: string;
  };
  readonly settlement: { readonly method: SettlementMethod };
  readonly margin: { readonly initialBps: number; readonly maintenanceBps: number };
}
