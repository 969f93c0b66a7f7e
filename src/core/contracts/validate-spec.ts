/**
 * Validates a product file (parsed JSON, `unknown`) into a `ProductSpec`.
 *
 * Reports every problem, not the first: each with its JSON path (`dailyLimit.escalation[1].limitBps`)
 * and a reason. Checks field types and ranges, then the rules between fields: tick
 * value = tick size x contract amount x 10^minorDigits exactly; sessions in order;
 * escalation steps widening; maintenance margin at most initial; spot <= single <= all
 * months; reportable <= accountability; holidays sorted, unique weekdays; the
 * benchmark exists. Unknown fields are problems too (a typo must not pass silently).
 * O(size of the file).
 */
import { limits, parseDecimal, type ScaledDecimal } from '../kernel/index.ts';
import { isCivilDate, listBenchmarks } from '../benchmark/index.ts';
import { isoWeekday } from './business-days.ts';
import { productFamilies, settlementMethods, type ProductSpec } from './product-spec.ts';
import { minutesOfTime } from './sessions.ts';
import { rootPattern } from './symbols.ts';
import { bpsMax } from './tick-rounding.ts';

export interface SpecProblem {
  readonly path: string;
  readonly reason: string;
}

export type SpecResult =
  { readonly ok: true; readonly spec: ProductSpec } | { readonly ok: false; readonly problems: readonly SpecProblem[] };

/** Holidays one product file may list. */
export const holidaysMax = 1000;

type Obj = Readonly<Record<string, unknown>>;

class Reader {
  readonly problems: SpecProblem[] = [];

  problem(path: string, reason: string): void {
    this.problems.push({ path, reason });
  }

  object(value: unknown, path: string, keys: readonly string[]): Obj | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(path || '(root)', 'must be an object');
      return null;
    }
    const record = value as Obj;
    for (const key of Object.keys(record)) if (!keys.includes(key)) this.problem(join(path, key), 'is not a known field');
    for (const key of keys) if (!(key in record)) this.problem(join(path, key), 'is missing');
    return record;
  }

  string(obj: Obj | null, path: string, key: string, test?: (text: string) => string | null): string {
    const value = obj?.[key];
    if (obj === null || !(key in obj)) return '';
    if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
      this.problem(join(path, key), 'must be a non-empty string of at most 200 characters');
      return '';
    }
    const bad = test?.(value) ?? null;
    if (bad !== null) this.problem(join(path, key), bad);
    return value;
  }

  integer(obj: Obj | null, path: string, key: string, min: number, max: number): number {
    const value = obj?.[key];
    if (obj === null || !(key in obj)) return min;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problem(join(path, key), `must be a whole number in [${min}, ${max}], got ${JSON.stringify(value)}`);
      return min;
    }
    return value;
  }

  oneOf<T extends string>(obj: Obj | null, path: string, key: string, options: readonly T[]): T {
    const value = this.string(obj, path, key);
    if (value !== '' && !(options as readonly string[]).includes(value)) {
      this.problem(join(path, key), `must be one of ${options.join(', ')}, got "${value}"`);
    }
    return value as T;
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

const positiveDecimal = (text: string): string | null => {
  const parsed = parseDecimal(text);
  if (!parsed.ok) return parsed.reason;
  return parsed.value.mantissa > 0n ? null : 'must be positive';
};
/** A fee per lot: a whole number of minor units, at most 10^9 (10 million USD a contract is no fee). */
const feeMinor = (text: string): string | null =>
  /^(0|[1-9][0-9]{0,8})$/.test(text) ? null : `"${text}" is not a whole number of minor units in [0, 999999999]`;
const civilDate = (text: string): string | null => (isCivilDate(text) ? null : `"${text}" is not a YYYY-MM-DD date`);
const timeOfDay = (text: string): string | null => (minutesOfTime(text) === null ? `"${text}" is not HH:MM (00:00 to 24:00)` : null);

const topKeys = [
  'root',
  'name',
  'family',
  'benchmarkId',
  'contractUnit',
  'quote',
  'tickSize',
  'tickValueMinor',
  'lotSize',
  'priceTicksMax',
  'marketProtectionTicks',
  'listing',
  'lastTradingDay',
  'holidays',
  'holidaysKnownThrough',
  'finalSettlement',
  'dailyLimit',
  'priceBand',
  'circuitBreaker',
  'orderQtyLotsMax',
  'positionLimits',
  'blockMinLots',
  'fees',
  'sessions',
  'settlement',
  'margin',
] as const;

export function validateProductSpec(input: unknown): SpecResult {
  const r = new Reader();
  const top = r.object(input, '', topKeys);
  if (top === null) return { ok: false, problems: r.problems };
  readIdentity(r, top);
  readPricing(r, top);
  readCalendar(r, top);
  readLimits(r, top);
  readTrading(r, top);
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  return { ok: true, spec: input as ProductSpec };
}

function readIdentity(r: Reader, top: Obj): void {
  r.string(top, '', 'root', (t) => (rootPattern.test(t) ? null : `"${t}" must be 1 to 6 of A-Z 0-9, starting with a letter`));
  r.string(top, '', 'name');
  r.oneOf(top, '', 'family', productFamilies);
  const known = listBenchmarks().map((b) => b.id);
  r.string(top, '', 'benchmarkId', (t) => (known.includes(t) ? null : `"${t}" is not a tokex benchmark (${known.join(', ')})`));
}

function readPricing(r: Reader, top: Obj): void {
  const unit = r.object(top['contractUnit'], 'contractUnit', ['amount', 'unit']);
  const amount = r.string(unit, 'contractUnit', 'amount', positiveDecimal);
  r.string(unit, 'contractUnit', 'unit');
  const quote = r.object(top['quote'], 'quote', ['currency', 'minorDigits', 'unit']);
  r.string(quote, 'quote', 'currency', (t) => (/^[A-Z]{3}$/.test(t) ? null : `"${t}" is not an ISO 4217 code`));
  const minorDigits = r.integer(quote, 'quote', 'minorDigits', 0, 8);
  r.string(quote, 'quote', 'unit');
  const tickSize = r.string(top, '', 'tickSize', positiveDecimal);
  const tickValue = r.string(top, '', 'tickValueMinor', (t) => (/^[1-9][0-9]{0,17}$/.test(t) ? null : `"${t}" is not a positive integer`));
  r.string(top, '', 'lotSize', (t) => (t === '1' ? null : `"${t}" must be "1" (whole contracts)`));
  r.integer(top, '', 'priceTicksMax', 1, limits.priceTicksAbsMax);
  r.integer(top, '', 'marketProtectionTicks', 0, limits.priceTicksAbsMax);
  if (amount !== '' && tickSize !== '' && tickValue !== '' && positiveDecimal(amount) === null && positiveDecimal(tickSize) === null) {
    const expected = exactTickValue(amount, tickSize, minorDigits);
    if (expected === null) r.problem('tickValueMinor', `tickSize x contractUnit.amount is not a whole number of minor units`);
    else if (expected !== BigInt(tickValue)) {
      r.problem('tickValueMinor', `is ${tickValue} but tickSize ${tickSize} x ${amount} x 10^${minorDigits} is ${expected}`);
    }
  }
}

/** tickSize x amount x 10^minorDigits when it is an integer, else null. */
export function exactTickValue(amount: string, tickSize: string, minorDigits: number): bigint | null {
  const a = parseDecimal(amount);
  const t = parseDecimal(tickSize);
  if (!a.ok || !t.ok) return null;
  const product: ScaledDecimal = { mantissa: a.value.mantissa * t.value.mantissa, scale: a.value.scale + t.value.scale };
  const shifted = product.mantissa * 10n ** BigInt(minorDigits);
  const divisor = 10n ** BigInt(product.scale);
  return shifted % divisor === 0n ? shifted / divisor : null;
}

function readCalendar(r: Reader, top: Obj): void {
  const listing = r.object(top['listing'], 'listing', ['cycle', 'monthsListed', 'firstListingDate']);
  r.oneOf(listing, 'listing', 'cycle', ['consecutive_months']);
  r.integer(listing, 'listing', 'monthsListed', 1, 36);
  r.string(listing, 'listing', 'firstListingDate', civilDate);
  const ltd = r.object(top['lastTradingDay'], 'lastTradingDay', lastTradingKeys(top['lastTradingDay']));
  const rule = r.oneOf(ltd, 'lastTradingDay', 'rule', ['last_business_day', 'last_weekday']);
  if (rule === 'last_weekday') r.integer(ltd, 'lastTradingDay', 'weekday', 1, 5);
  readHolidays(r, top['holidays']);
  r.string(top, '', 'holidaysKnownThrough', civilDate);
  const fs = r.object(top['finalSettlement'], 'finalSettlement', ['method', 'against', 'lagBusinessDays']);
  r.oneOf(fs, 'finalSettlement', 'method', ['cash']);
  r.oneOf(fs, 'finalSettlement', 'against', ['benchmark_final_settlement_value']);
  r.integer(fs, 'finalSettlement', 'lagBusinessDays', 1, 10);
}

function lastTradingKeys(value: unknown): readonly string[] {
  const rule = typeof value === 'object' && value !== null ? (value as Obj)['rule'] : undefined;
  return rule === 'last_weekday' ? ['rule', 'weekday'] : ['rule'];
}

function readHolidays(r: Reader, value: unknown): void {
  if (!Array.isArray(value) || value.length > holidaysMax) {
    if (value !== undefined) r.problem('holidays', `must be an array of at most ${holidaysMax} dates`);
    return;
  }
  let previous = '';
  value.forEach((item: unknown, i) => {
    const path = `holidays[${i}]`;
    if (typeof item !== 'string' || !isCivilDate(item)) return r.problem(path, `${JSON.stringify(item)} is not a YYYY-MM-DD date`);
    if (item <= previous) r.problem(path, `${item} is not after ${previous}: holidays must be sorted and unique`);
    if (isoWeekday(item) > 5) r.problem(path, `${item} is a weekend day, never a session anyway`);
    previous = item;
  });
}

function readLimits(r: Reader, top: Obj): void {
  const margin = r.object(top['margin'], 'margin', ['initialBps', 'maintenanceBps']);
  const initial = r.integer(margin, 'margin', 'initialBps', 1, bpsMax);
  const maintenance = r.integer(margin, 'margin', 'maintenanceBps', 1, bpsMax);
  if (maintenance > initial) r.problem('margin.maintenanceBps', `${maintenance} is above initialBps ${initial}`);
  const daily = r.object(top['dailyLimit'], 'dailyLimit', ['baseBps', 'escalation', 'haltAfterLockedDays']);
  let previousLimit = r.integer(daily, 'dailyLimit', 'baseBps', 1, bpsMax);
  const steps = daily?.['escalation'];
  if (daily !== null && 'escalation' in daily && (!Array.isArray(steps) || steps.length > 10)) {
    r.problem('dailyLimit.escalation', 'must be an array of at most 10 steps');
  } else if (Array.isArray(steps)) {
    steps.forEach((item: unknown, i) => {
      const path = `dailyLimit.escalation[${i}]`;
      const step = r.object(item, path, ['limitBps', 'initialMarginBps', 'maintenanceMarginBps']);
      const limitBps = r.integer(step, path, 'limitBps', 1, bpsMax);
      if (step !== null && limitBps <= previousLimit)
        r.problem(`${path}.limitBps`, `${limitBps} must be wider than the step before (${previousLimit})`);
      previousLimit = limitBps;
      const stepInitial = r.integer(step, path, 'initialMarginBps', 1, bpsMax);
      const stepMaintenance = r.integer(step, path, 'maintenanceMarginBps', 1, bpsMax);
      if (stepMaintenance > stepInitial)
        r.problem(`${path}.maintenanceMarginBps`, `${stepMaintenance} is above initialMarginBps ${stepInitial}`);
    });
  }
  r.integer(daily, 'dailyLimit', 'haltAfterLockedDays', 1, 10);
  const band = r.object(top['priceBand'], 'priceBand', ['bandBps']);
  r.integer(band, 'priceBand', 'bandBps', 1, bpsMax);
  const cb = r.object(top['circuitBreaker'], 'circuitBreaker', ['windowMs', 'moveBps', 'pauseMs', 'reopenAuctionMs']);
  r.integer(cb, 'circuitBreaker', 'windowMs', 1000, 3_600_000);
  r.integer(cb, 'circuitBreaker', 'moveBps', 1, bpsMax);
  r.integer(cb, 'circuitBreaker', 'pauseMs', 0, 3_600_000);
  r.integer(cb, 'circuitBreaker', 'reopenAuctionMs', 1000, 3_600_000);
}

function readTrading(r: Reader, top: Obj): void {
  const orderMax = r.integer(top, '', 'orderQtyLotsMax', 1, limits.orderQtyLotsMax);
  const pl = r.object(top['positionLimits'], 'positionLimits', [
    'spotMonthLots',
    'singleMonthLots',
    'allMonthsLots',
    'accountabilityLots',
    'reportableLots',
  ]);
  const lotsMax = limits.orderQtyLotsMax;
  const spot = r.integer(pl, 'positionLimits', 'spotMonthLots', 1, lotsMax);
  const single = r.integer(pl, 'positionLimits', 'singleMonthLots', 1, lotsMax);
  const all = r.integer(pl, 'positionLimits', 'allMonthsLots', 1, lotsMax);
  const accountability = r.integer(pl, 'positionLimits', 'accountabilityLots', 1, lotsMax);
  const reportable = r.integer(pl, 'positionLimits', 'reportableLots', 1, lotsMax);
  if (pl !== null) {
    if (spot > single) r.problem('positionLimits.spotMonthLots', `${spot} is above singleMonthLots ${single}`);
    if (single > all) r.problem('positionLimits.singleMonthLots', `${single} is above allMonthsLots ${all}`);
    if (reportable > accountability)
      r.problem('positionLimits.reportableLots', `${reportable} is above accountabilityLots ${accountability}`);
    if (orderMax > single) r.problem('orderQtyLotsMax', `${orderMax} is above positionLimits.singleMonthLots ${single}`);
  }
  r.integer(top, '', 'blockMinLots', 1, lotsMax);
  const fees = r.object(top['fees'], 'fees', ['makerPerLotMinor', 'takerPerLotMinor']);
  for (const key of ['makerPerLotMinor', 'takerPerLotMinor']) r.string(fees, 'fees', key, feeMinor);
  const sessions = r.object(top['sessions'], 'sessions', ['preOpen', 'open', 'closingWindowStart', 'close']);
  const names = ['preOpen', 'open', 'closingWindowStart', 'close'] as const;
  const minutes = names.map((name) => minutesOfTime(r.string(sessions, 'sessions', name, timeOfDay)));
  for (let i = 1; i < names.length; i++) {
    const a = minutes[i - 1];
    const b = minutes[i];
    const strict = names[i] !== 'closingWindowStart';
    if (a != null && b != null && (strict ? b <= a : b < a)) {
      r.problem(`sessions.${names[i] ?? ''}`, `must be ${strict ? 'after' : 'at or after'} sessions.${names[i - 1] ?? ''}`);
    }
  }
  const settlement = r.object(top['settlement'], 'settlement', ['method']);
  r.oneOf(settlement, 'settlement', 'method', settlementMethods);
}

/** Problems across a set of valid products: roots must be unique. */
export function catalogProblems(products: readonly ProductSpec[]): SpecProblem[] {
  const seen = new Set<string>();
  const problems: SpecProblem[] = [];
  for (const product of products) {
    if (seen.has(product.root)) problems.push({ path: 'root', reason: `${product.root} is defined twice` });
    seen.add(product.root);
  }
  return problems;
}
