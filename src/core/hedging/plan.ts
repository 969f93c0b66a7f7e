/**
 * A hedge plan: basis, the minimum-variance hedge ratio with its confidence interval,
 * whole contracts per contract month, the expected variance reduction, scenario P&L, the
 * prospective effectiveness tests and a rebalancing signal, from the firm's exposure,
 * its own price, the benchmark's fixings and the product.
 *
 * - Ratio: OLS of the firm's monthly price change on the benchmark's (samples.ts);
 *   h* = cov / var, which minimises Var(own change - h x benchmark change). A negative h*
 *   means the benchmark moves against the firm's price: no hedge (ratio used 0).
 * - Contracts (the one place a quantity is rounded): h x quantity / contract unit, by the
 *   exposure's rule (`roundContracts`). A buyer buys futures, a seller sells them.
 * - Expected variance reduction: 1 - Var(hedged) / Var(unhedged) on the history, at h*
 *   (= R-squared) and at the ratio the rounded contracts give.
 * - Scenarios: from the latest levels; the benchmark level is rounded to the tick, so the
 *   hedge P&L is exact (contracts x ticks x tick value, minor units); the firm's cost
 *   change is analytics (rounded to cents for display).
 * Known limits: futures are assumed to trade at the benchmark (no futures history yet);
 * the estimate rests on list prices that change rarely (few non-zero changes).
 * Complexity: O(history months + exposure months).
 */
import { formatScaled, formatSteps, parseStep, ticks } from '../kernel/index.ts';
import { daysBetween, type Fixing } from '../benchmark/index.ts';
import {
  contractDates,
  contractSymbol,
  decimalToTicksHalfEven,
  isListedOn,
  marginPerContractMinor,
  type ProductSpec,
} from '../contracts/index.ts';
import { dollarOffset, regressionTest, type DollarOffset, type RegressionTest } from './effectiveness.ts';
import type { OwnPriceSeries } from './own-price.ts';
import { monthChanges, monthSamples, type MonthChange } from './samples.ts';
import { mean, ols, sampleVariance } from './statistics.ts';
import type { ContractRounding, Exposure, HedgeRole, InputProblem, Parsed } from './types.ts';

/** Fewest monthly changes a ratio is estimated from. */
export const hedgeChangesMin = 6;
/** Months of recent history for the rebalancing check. */
export const rebalanceWindowMonths = 12;
/** Smallest ratio drift that can trigger a rebalance (with the interval test). */
export const rebalanceDriftMin = 0.05;

/** The one rounding of a hedge quantity: `exact` contracts to a whole number by `rule`. */
export function roundContracts(exact: number, rule: ContractRounding): number {
  if (!Number.isFinite(exact) || exact <= 0) return 0;
  if (rule === 'toward_zero') return Math.trunc(exact);
  const floor = Math.floor(exact);
  const rest = exact - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** +1 when the firm's value rises with the price (seller), -1 when it falls (buyer). */
export const itemSign = (role: HedgeRole): number => (role === 'buyer' ? -1 : 1);
/** +1 for a long futures hedge (buyer), -1 for a short one. */
export const hedgeSign = (role: HedgeRole): number => (role === 'buyer' ? 1 : -1);

export interface ContractLine {
  readonly month: string;
  readonly symbol: string;
  readonly quantity: string;
  readonly contractsExact: number;
  readonly contracts: number;
  /** Contracts x unit / quantity: the ratio the rounding leaves. */
  readonly effectiveRatio: number;
  readonly listedOnPlanDate: boolean;
  readonly listingDate: string;
  readonly lastTradingDate: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly benchmarkFrom: string;
  readonly benchmarkTo: string;
  readonly ownPriceFrom: string;
  readonly ownPriceTo: string;
  readonly itemChangeUsd: string;
  readonly hedgePnlUsd: string;
  readonly netUsd: string;
  readonly offsetRatio: string | null;
}

export interface HedgePlan {
  readonly kind: 'tokex.hedge_plan';
  readonly version: 1;
  readonly firm: string;
  readonly description: string;
  readonly exposureFile: string;
  readonly planDate: string;
  readonly role: HedgeRole;
  readonly side: 'buy' | 'sell';
  readonly product: {
    readonly root: string;
    readonly benchmarkId: string;
    readonly contractUnit: string;
    readonly contractUnitAmount: string;
    readonly quoteUnit: string;
    readonly tickSize: string;
    readonly currency: string;
  };
  readonly ownPriceSource: string;
  readonly history: {
    readonly from: string | null;
    readonly to: string | null;
    readonly samples: number;
    readonly changes: number;
    readonly nonZeroOwnChanges: number;
    readonly nonZeroBenchmarkChanges: number;
    readonly rule: string;
  };
  readonly basis: {
    readonly latestDate: string | null;
    readonly ownPrice: string | null;
    readonly benchmark: string | null;
    readonly basis: string | null;
    readonly meanBasis: string;
    readonly basisStdDev: string;
    readonly minBasis: string;
    readonly maxBasis: string;
    readonly meanOwnOverBenchmark: string;
    readonly basisChangeStdDev: string;
  };
  readonly ratio: {
    readonly minimumVariance: number;
    readonly stdError: number;
    readonly low: number;
    readonly high: number;
    readonly confidence: number;
    readonly rSquared: number;
    readonly correlation: number;
    readonly used: number;
    readonly note: string;
  };
  readonly rounding: ContractRounding;
  readonly contracts: readonly ContractLine[];
  readonly totalContracts: number;
  readonly varianceReduction: { readonly atMinimumVariancePct: number; readonly atRoundedContractsPct: number; readonly unitRatio: number };
  readonly referencePrice: { readonly date: string; readonly benchmarkValue: string; readonly price: string; readonly staleDays: number };
  readonly initialMarginUsd: { readonly perContract: string; readonly total: string };
  readonly scenarios: readonly Scenario[];
  readonly prospective: { readonly regression: RegressionTest; readonly dollarOffset: DollarOffset; readonly effective: boolean };
  readonly rebalancing: {
    readonly signal: 'hold' | 'rebalance' | 'not_enough_history';
    readonly recentRatio: number | null;
    readonly recentMonths: number;
    readonly drift: number | null;
    readonly rule: string;
  };
  readonly notes: readonly string[];
}

export interface PlanInputs {
  readonly exposure: Exposure;
  readonly product: ProductSpec;
  readonly fixings: readonly Fixing[];
  readonly own: OwnPriceSeries;
}

const fixed = (x: number, digits = 6): string => (Object.is(x, -0) ? 0 : x).toFixed(digits);
const usd = (x: number): string => fixed(Math.abs(x) < 0.005 ? 0 : x, 2);

function problem(exposure: Exposure, reason: string, code: InputProblem['code']): Parsed<never> {
  return { ok: false, problems: [{ file: exposure.file, line: 0, field: '(history)', reason, code }] };
}

/** Varying of own - h x benchmark changes, relative to own changes (0..1 reduction). */
export function varianceReduction(changes: readonly MonthChange[], ratio: number): number {
  const unhedged = sampleVariance(changes.map((c) => c.ownChange));
  if (unhedged === 0) return 0;
  return 1 - sampleVariance(changes.map((c) => c.ownChange - ratio * c.benchmarkChange)) / unhedged;
}

export function buildPlan(inputs: PlanInputs): Parsed<HedgePlan> {
  const { exposure, product, fixings, own } = inputs;
  const from = exposure.historyFrom ?? '0001-01-01';
  const samples = monthSamples(own, fixings, from, exposure.planDate);
  const changes = monthChanges(samples);
  if (changes.length < hedgeChangesMin) {
    return problem(
      exposure,
      `${changes.length} monthly changes overlap the benchmark; at least ${hedgeChangesMin} are needed`,
      'hedge_history_too_short',
    );
  }
  const x = changes.map((c) => c.benchmarkChange);
  const y = changes.map((c) => c.ownChange);
  if (sampleVariance(x) === 0) {
    return problem(
      exposure,
      `the benchmark ${product.benchmarkId} did not change over the ${changes.length} months`,
      'hedge_history_too_short',
    );
  }
  const fit = ols(x, y);
  const used = Math.max(0, fit.slope);
  const unit = Number(product.contractUnit.amount);
  const contracts = exposure.months.map((m): ContractLine => {
    const month = { year: Number(m.month.slice(0, 4)), month: Number(m.month.slice(5, 7)) };
    const dates = contractDates(product, month);
    const contractsExact = (used * m.quantityValue) / unit;
    const whole = roundContracts(contractsExact, exposure.rounding);
    return {
      month: m.month,
      symbol: contractSymbol(product.root, month),
      quantity: m.quantity,
      contractsExact,
      contracts: whole,
      effectiveRatio: (whole * unit) / m.quantityValue,
      listedOnPlanDate: isListedOn(product, month, exposure.planDate),
      listingDate: dates.listingDate,
      lastTradingDate: dates.lastTradingDate,
    };
  });
  const totalContracts = contracts.reduce((s, c) => s + c.contracts, 0);
  const totalQuantity = exposure.months.reduce((s, m) => s + m.quantityValue, 0);
  const unitRatio = (totalContracts * unit) / totalQuantity;
  const reference = referencePrice(product, fixings, exposure.planDate);
  const latest = samples[samples.length - 1];
  const basisSeries = samples.map((s) => s.ownPrice - s.benchmark);
  const basisChanges = changes.map((c) => c.ownChange - c.benchmarkChange);
  const item = changes.map((c) => itemSign(exposure.role) * c.ownChange);
  const hedge = changes.map((c) => hedgeSign(exposure.role) * unitRatio * c.benchmarkChange);
  const regression = regressionTest(hedge, item);
  const offset = dollarOffset(
    hedge.reduce((s, v) => s + v, 0),
    item.reduce((s, v) => s + v, 0),
  );
  const notes: string[] = [];
  if (fit.slope < 0)
    notes.push(`the estimated ratio ${fit.slope.toFixed(3)} is negative: the benchmark does not hedge this price; no contracts`);
  if (fit.slopeLow <= 0 && fit.slope > 0)
    notes.push('the confidence interval of the ratio includes 0: the relation is not statistically established');
  if (reference.staleDays > 31) notes.push(`the latest benchmark value is ${reference.staleDays} days older than the plan date`);
  const unlisted = contracts.filter((c) => !c.listedOnPlanDate);
  if (unlisted.length > 0)
    notes.push(`not listed on ${exposure.planDate}: ${unlisted.map((c) => `${c.symbol} (lists ${c.listingDate})`).join(', ')}`);
  notes.push('futures are assumed to trade at the benchmark value (no futures price history exists yet)');
  const marginPer = marginPerContractMinor(
    product,
    decimalToTicksHalfEven(reference.price, parseStep(product.tickSize)) ?? ticks(0),
    product.margin.initialBps,
  );
  const minorDigits = product.quote.minorDigits;
  const money = (m: bigint): string => formatScaled({ mantissa: m, scale: minorDigits });
  return {
    ok: true,
    value: {
      kind: 'tokex.hedge_plan',
      version: 1,
      firm: exposure.firm,
      description: exposure.description,
      exposureFile: exposure.file,
      planDate: exposure.planDate,
      role: exposure.role,
      side: exposure.role === 'buyer' ? 'buy' : 'sell',
      product: {
        root: product.root,
        benchmarkId: product.benchmarkId,
        contractUnit: `${product.contractUnit.amount} ${product.contractUnit.unit}`,
        contractUnitAmount: product.contractUnit.amount,
        quoteUnit: product.quote.unit,
        tickSize: product.tickSize,
        currency: product.quote.currency,
      },
      ownPriceSource: own.description,
      history: {
        from: samples[0]?.date ?? null,
        to: latest?.date ?? null,
        samples: samples.length,
        changes: changes.length,
        nonZeroOwnChanges: y.filter((v) => v !== 0).length,
        nonZeroBenchmarkChanges: x.filter((v) => v !== 0).length,
        rule:
          'month-end samples where the firm price and a benchmark value (confidence normal or low) exist; ' +
          'changes between consecutive months',
      },
      basis: {
        latestDate: latest?.date ?? null,
        ownPrice: latest === undefined ? null : fixed(latest.ownPrice),
        benchmark: latest?.benchmarkValue ?? null,
        basis: latest === undefined ? null : fixed(latest.ownPrice - latest.benchmark),
        meanBasis: fixed(mean(basisSeries)),
        basisStdDev: fixed(Math.sqrt(sampleVariance(basisSeries))),
        minBasis: fixed(Math.min(...basisSeries)),
        maxBasis: fixed(Math.max(...basisSeries)),
        meanOwnOverBenchmark: fixed(mean(samples.map((s) => s.ownPrice / s.benchmark)), 4),
        basisChangeStdDev: fixed(Math.sqrt(sampleVariance(basisChanges))),
      },
      ratio: {
        minimumVariance: fit.slope,
        stdError: fit.slopeStdError,
        low: fit.slopeLow,
        high: fit.slopeHigh,
        confidence: fit.confidence,
        rSquared: fit.rSquared,
        correlation: fit.correlation,
        used,
        note: 'OLS of monthly own-price changes on benchmark changes; interval two-sided Student t',
      },
      rounding: exposure.rounding,
      contracts,
      totalContracts,
      varianceReduction: {
        atMinimumVariancePct: 100 * varianceReduction(changes, used),
        atRoundedContractsPct: 100 * varianceReduction(changes, unitRatio),
        unitRatio,
      },
      referencePrice: reference,
      initialMarginUsd: { perContract: money(marginPer), total: money(marginPer * BigInt(totalContracts)) },
      scenarios: scenarios(exposure, product, latest?.ownPrice ?? null, reference.price, fit.slope, contracts),
      prospective: { regression, dollarOffset: offset, effective: regression.effective && offset.effective === true },
      rebalancing: rebalancing(changes, fit.slope, fit.slopeLow, fit.slopeHigh),
      notes,
    },
  };
}

/** The latest published benchmark value on or before `date`, rounded half-even to the tick. */
export function referencePrice(product: ProductSpec, fixings: readonly Fixing[], date: string): HedgePlan['referencePrice'] {
  let found: Fixing | undefined;
  for (const f of fixings) if (f.date <= date && f.value !== null) found = f;
  const value = found?.value ?? '0';
  const step = parseStep(product.tickSize);
  const tickCount = decimalToTicksHalfEven(value, step) ?? 0;
  return {
    date: found?.date ?? date,
    benchmarkValue: value,
    price: formatSteps(tickCount, step),
    staleDays: found === undefined ? 0 : daysBetween(found.date, date),
  };
}

function scenarios(
  exposure: Exposure,
  product: ProductSpec,
  own0: number | null,
  reference: string,
  beta: number,
  lines: readonly ContractLine[],
): Scenario[] {
  const step = parseStep(product.tickSize);
  const ticks0 = decimalToTicksHalfEven(reference, step) ?? 0;
  const b0 = Number(reference);
  const p0 = own0 ?? b0;
  const quantity = lines.reduce((s, l) => s + Number(l.quantity), 0);
  const contracts = BigInt(lines.reduce((s, l) => s + l.contracts, 0));
  const tickValue = BigInt(product.tickValueMinor);
  const defs: readonly [string, string, number, number][] = [
    ['index_up_20', 'benchmark +20%, firm price moves by the estimated ratio', 0.2 * b0, beta * 0.2 * b0],
    ['index_down_20', 'benchmark -20%, firm price moves by the estimated ratio', -0.2 * b0, -beta * 0.2 * b0],
    ['basis_widening_10', 'benchmark unchanged, firm price +10% (basis widens)', 0, 0.1 * p0],
    ['provider_cut_30', "the firm's provider cuts its price 30%, benchmark unchanged", 0, -0.3 * p0],
    ['market_cut_30', 'market-wide cut: benchmark and firm price -30%', -0.3 * b0, -0.3 * p0],
  ];
  return defs.map(([name, description, db, dp]) => {
    const ticks1 = Math.max(1, decimalToTicksHalfEven(fixed(b0 + db, 9), step) ?? 1);
    const hedgeMinor = BigInt(hedgeSign(exposure.role)) * contracts * BigInt(ticks1 - ticks0) * tickValue;
    const hedgeUsd = Number(hedgeMinor) / 10 ** product.quote.minorDigits;
    const itemUsd = itemSign(exposure.role) * quantity * dp;
    const offset = dollarOffset(hedgeUsd, itemUsd);
    return {
      name,
      description,
      benchmarkFrom: formatSteps(ticks0, step),
      benchmarkTo: formatSteps(ticks1, step),
      ownPriceFrom: fixed(p0),
      ownPriceTo: fixed(p0 + dp),
      itemChangeUsd: usd(itemUsd),
      hedgePnlUsd: formatScaled({ mantissa: hedgeMinor, scale: product.quote.minorDigits }),
      netUsd: usd(itemUsd + hedgeUsd),
      offsetRatio: offset.ratio === null ? null : fixed(offset.ratio, 4),
    };
  });
}

function rebalancing(changes: readonly MonthChange[], plan: number, low: number, high: number): HedgePlan['rebalancing'] {
  const rule =
    `rebalance when the ratio on the last ${rebalanceWindowMonths} monthly changes lies outside the plan's interval ` +
    `and differs from the plan's ratio by at least ${rebalanceDriftMin}`;
  const recent = changes.slice(-rebalanceWindowMonths);
  if (recent.length < hedgeChangesMin || sampleVariance(recent.map((c) => c.benchmarkChange)) === 0) {
    return { signal: 'not_enough_history', recentRatio: null, recentMonths: recent.length, drift: null, rule };
  }
  const recentRatio = ols(
    recent.map((c) => c.benchmarkChange),
    recent.map((c) => c.ownChange),
  ).slope;
  const drift = recentRatio - plan;
  const outside = recentRatio < low || recentRatio > high;
  return {
    signal: outside && Math.abs(drift) >= rebalanceDriftMin ? 'rebalance' : 'hold',
    recentRatio,
    recentMonths: recent.length,
    drift,
    rule,
  };
}
