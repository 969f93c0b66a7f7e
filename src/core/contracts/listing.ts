/**
 * The listing calendar: which contract months trade on a date, and the listing, last
 * trading and final settlement dates of each.
 *
 * Rules (docs/contracts.md, "Listing"):
 * - Last trading day (LTD) of month m: by the product's rule (the month's last business
 *   day, or its last given weekday moved back to a business day).
 * - Final settlement date: `lagBusinessDays` business days after the LTD.
 * - Listing date of month m: the first business day after the LTD of month m - N, where
 *   N is `monthsListed`, but never before the product's launch. So on every business
 *   day from the launch on exactly N months are listed: a new month lists on the
 *   business day after the front month's last trading day, and the roll needs no
 *   separate command. (On a weekend or holiday right after an LTD, N - 1 are listed.)
 * - A date after `holidaysKnownThrough` is provisional: a holiday may still be added.
 * Complexity: one contract's dates are O(31 + lag); `listedContracts` is O(N) of those;
 * `calendarEvents` is O(months in range + N).
 */
import { assert } from '../kernel/index.ts';
import { addDays, daysBetween, isCivilDate } from '../benchmark/index.ts';
import { addBusinessDays, businessDayOnOrBefore, isoWeekday, lastDayOfMonth } from './business-days.ts';
import type { ProductSpec } from './product-spec.ts';
import { addMonths, compareMonths, contractSymbol, type ContractMonth } from './symbols.ts';

export interface ContractDates {
  readonly symbol: string;
  readonly root: string;
  readonly year: number;
  readonly month: number;
  readonly listingDate: string;
  readonly lastTradingDate: string;
  readonly finalSettlementDate: string;
  /** Some date falls after the holiday list's horizon and may still move. */
  readonly provisional: boolean;
}

/** Longest range `calendarEvents` accepts, in days (ten years). */
export const calendarRangeDaysMax = 3660;

export function lastTradingDate(product: ProductSpec, contract: ContractMonth): string {
  const monthEnd = lastDayOfMonth(contract.year, contract.month);
  const rule = product.lastTradingDay;
  if (rule.rule === 'last_business_day') return businessDayOnOrBefore(product.holidays, monthEnd);
  const back = (isoWeekday(monthEnd) - rule.weekday + 7) % 7;
  return businessDayOnOrBefore(product.holidays, addDays(monthEnd, -back));
}

export function finalSettlementDate(product: ProductSpec, contract: ContractMonth): string {
  return addBusinessDays(product.holidays, lastTradingDate(product, contract), product.finalSettlement.lagBusinessDays);
}

export function contractDates(product: ProductSpec, contract: ContractMonth): ContractDates {
  const ltd = lastTradingDate(product, contract);
  const fsd = addBusinessDays(product.holidays, ltd, product.finalSettlement.lagBusinessDays);
  const opensAfter = addBusinessDays(product.holidays, lastTradingDate(product, addMonths(contract, -product.listing.monthsListed)), 1);
  const launch = product.listing.firstListingDate;
  return {
    symbol: contractSymbol(product.root, contract),
    root: product.root,
    year: contract.year,
    month: contract.month,
    listingDate: opensAfter < launch ? launch : opensAfter,
    lastTradingDate: ltd,
    finalSettlementDate: fsd,
    provisional: fsd > product.holidaysKnownThrough,
  };
}

/** The first contract month whose last trading day is on or after `date`. */
export function frontMonth(product: ProductSpec, date: string): ContractMonth {
  assert(isCivilDate(date), `not a date: ${date}`);
  const own = { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
  return lastTradingDate(product, own) >= date ? own : addMonths(own, 1);
}

/** The contracts listed on `date`, front month first: none before the launch, `monthsListed` on a business day. */
export function listedContracts(product: ProductSpec, date: string): ContractDates[] {
  if (date < product.listing.firstListingDate || date < `${minYear}-01-01`) return [];
  const front = frontMonth(product, date);
  const listed: ContractDates[] = [];
  for (let i = 0; i < product.listing.monthsListed; i++) {
    const dates = contractDates(product, addMonths(front, i));
    assert(date <= dates.lastTradingDate, `listing rule broken for ${dates.symbol} on ${date}`);
    if (dates.listingDate <= date) listed.push(dates);
  }
  return listed;
}

/** Two-digit years cover 2000-2099; listing before 2001 would reach into 1999. */
const minYear = 2001;

export function isListedOn(product: ProductSpec, contract: ContractMonth, date: string): boolean {
  if (date < product.listing.firstListingDate) return false;
  const dates = contractDates(product, contract);
  return dates.listingDate <= date && date <= dates.lastTradingDate;
}

export const calendarEventKinds = ['listing', 'last_trading_day', 'final_settlement'] as const;
export type CalendarEventKind = (typeof calendarEventKinds)[number];

export interface CalendarEvent {
  readonly date: string;
  readonly kind: CalendarEventKind;
  readonly symbol: string;
  readonly provisional: boolean;
}

/**
 * Listing, last trading day and final settlement events dated in [from, to], sorted by
 * date, then kind (listing, last trading day, final settlement), then symbol.
 */
export function calendarEvents(product: ProductSpec, from: string, to: string): CalendarEvent[] {
  assert(isCivilDate(from) && isCivilDate(to) && from <= to, `bad range ${from} to ${to}`);
  assert(daysBetween(from, to) <= calendarRangeDaysMax, `range longer than ${calendarRangeDaysMax} days`);
  const events: CalendarEvent[] = [];
  // A month's events lie between its listing (at most N + 1 months before it) and its
  // final settlement (early in the next month), so this span of months covers the range.
  const first = addMonths(ymOf(from), -1);
  const last = addMonths(ymOf(to), product.listing.monthsListed + 1);
  for (let m = first; compareMonths(m, last) <= 0; m = addMonths(m, 1)) {
    const dates = contractDates(product, m);
    if (dates.lastTradingDate < product.listing.firstListingDate) continue;
    const add = (date: string, kind: CalendarEventKind): void => {
      if (date >= from && date <= to) events.push({ date, kind, symbol: dates.symbol, provisional: dates.provisional });
    };
    add(dates.listingDate, 'listing');
    add(dates.lastTradingDate, 'last_trading_day');
    add(dates.finalSettlementDate, 'final_settlement');
  }
  return events.sort(compareCalendarEvents);
}

export function compareCalendarEvents(a: CalendarEvent, b: CalendarEvent): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const kinds = calendarEventKinds.indexOf(a.kind) - calendarEventKinds.indexOf(b.kind);
  if (kinds !== 0) return kinds;
  return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
}

function ymOf(date: string): ContractMonth {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}
