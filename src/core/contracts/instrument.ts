/**
 * From a product to what the other contexts need of one contract: the matching
 * engine's `InstrumentSpec`, the final settlement price in ticks, margin in money, and
 * a computed view of a contract on a date (what `tokex contracts show` prints until the
 * engine serves live state).
 *
 * Rounding: final settlement = the benchmark's value to the nearest tick, ties to even;
 * margin per contract = ceil(price x tickValue x bps / 10 000) minor units (rounded up:
 * margin is never short by a cent). O(1) each, `contractView` O(monthsListed).
 */
import { assert, lots, minor, parseStep, ticks, type Minor, type Ticks } from '../kernel/index.ts';
import type { InstrumentSpec } from '../model/index.ts';
import { finalSettlementValue, type Fixing, type SettlementRecord } from '../benchmark/index.ts';
import { isListedOn, contractDates, type ContractDates } from './listing.ts';
import { initialLimitState, dailyLimits, type DailyLimits, type LimitState } from './price-limits.ts';
import { priceBand, type PriceBand } from './price-band.ts';
import { circuitBreakerThresholdTicks } from './circuit-breaker.ts';
import type { ProductSpec } from './product-spec.ts';
import { sessionSchedule, type SessionSchedule } from './sessions.ts';
import { parseContractSymbol } from './symbols.ts';
import { bpsPerUnit, decimalToTicksHalfEven } from './tick-rounding.ts';

export function instrumentSpecOf(product: ProductSpec, symbol: string): InstrumentSpec {
  const parsed = parseContractSymbol(symbol);
  assert(parsed !== null && parsed.root === product.root, `${symbol} is not a contract of ${product.root}`);
  return {
    symbol,
    tickSize: product.tickSize,
    lotSize: product.lotSize,
    priceTicksMin: ticks(1),
    priceTicksMax: ticks(product.priceTicksMax),
    orderQtyLotsMax: lots(product.orderQtyLotsMax),
    marketProtectionTicks: ticks(product.marketProtectionTicks),
  };
}

/** A benchmark value (decimal string in the quote unit) to ticks, nearest, ties to even. */
export function finalSettlementTicks(product: ProductSpec, benchmarkValue: string): Ticks {
  const value = decimalToTicksHalfEven(benchmarkValue, parseStep(product.tickSize));
  assert(value !== null && value >= 1, `final settlement value ${benchmarkValue} is not a positive price`);
  return value;
}

/** The final settlement of a contract from the benchmark's fixings: the audit record and the price, or null without a value. */
export function finalSettlementOf(
  product: ProductSpec,
  fixings: readonly Fixing[],
  lastTradingDate: string,
): { readonly record: SettlementRecord; readonly priceTicks: Ticks | null } {
  const record = finalSettlementValue({ fixings, lastTradingDate });
  return { record, priceTicks: record.value === null ? null : finalSettlementTicks(product, record.value) };
}

export function marginPerContractMinor(product: ProductSpec, priceTicks: Ticks, bps: number): Minor {
  const numerator = BigInt(priceTicks) * BigInt(product.tickValueMinor) * BigInt(bps);
  const denominator = BigInt(bpsPerUnit);
  return minor((numerator + denominator - 1n) / denominator);
}

export interface ContractView {
  readonly symbol: string;
  readonly date: string;
  readonly dates: ContractDates;
  readonly listed: boolean;
  readonly tradingDay: boolean;
  readonly calendarStatus: string;
  readonly schedule: SessionSchedule;
  /** Present when a prior settlement was given. */
  readonly priced: {
    readonly limits: DailyLimits;
    readonly band: PriceBand;
    readonly circuitBreakerThresholdTicks: Ticks;
    readonly initialMarginMinor: Minor;
    readonly maintenanceMarginMinor: Minor;
    readonly notionalMinor: Minor;
  } | null;
}

export function contractView(
  product: ProductSpec,
  symbol: string,
  date: string,
  prior: { readonly settlementTicks: Ticks; readonly limitState?: LimitState } | null,
): ContractView {
  const parsed = parseContractSymbol(symbol);
  assert(parsed !== null && parsed.root === product.root, `${symbol} is not a contract of ${product.root}`);
  const dates = contractDates(product, parsed);
  const schedule = sessionSchedule(product, date);
  const listed = isListedOn(product, parsed, date);
  let priced: ContractView['priced'] = null;
  if (prior !== null) {
    const limits = dailyLimits(product, prior.settlementTicks, prior.limitState ?? initialLimitState);
    priced = {
      limits,
      band: priceBand(product, prior.settlementTicks),
      circuitBreakerThresholdTicks: circuitBreakerThresholdTicks(product, prior.settlementTicks),
      initialMarginMinor: marginPerContractMinor(product, prior.settlementTicks, limits.level.initialMarginBps),
      maintenanceMarginMinor: marginPerContractMinor(product, prior.settlementTicks, limits.level.maintenanceMarginBps),
      notionalMinor: minor(BigInt(prior.settlementTicks) * BigInt(product.tickValueMinor)),
    };
  }
  return {
    symbol,
    date,
    dates,
    listed,
    tradingDay: listed && schedule.businessDay,
    calendarStatus: describeDistance(date, dates),
    schedule,
    priced,
  };
}

function describeDistance(date: string, dates: ContractDates): string {
  if (date < dates.listingDate) return `not listed until ${dates.listingDate}`;
  if (date < dates.lastTradingDate) return `in its trading period, last trading day ${dates.lastTradingDate}`;
  if (date === dates.lastTradingDate) return 'last trading day today';
  if (date < dates.finalSettlementDate) return `expired; final settlement on ${dates.finalSettlementDate}`;
  return `final settlement was on ${dates.finalSettlementDate}`;
}
