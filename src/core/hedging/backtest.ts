/**
 * How the hedge would have done over the real history, month by month, walking forward:
 * at the end of each month the ratio is estimated from the changes known then only
 * (expanding window, at least `hedgeChangesMin`), rounded to whole contracts for the
 * firm's average monthly quantity by the exposure's rule, held for one month and closed
 * at the next month-end value (a one-month rolling hedge, futures at the benchmark).
 *
 * Per month: the hedged item's value change (buyer: -quantity x own change), the hedge's
 * P&L (contracts x unit x benchmark change, signed by side), the net, and the dollar
 * offset. Over the run: variance of the unhedged and hedged monthly results and the
 * reduction, the cumulative dollar offset and the regression test (retrospective
 * effectiveness), the months the contract count changed (rebalances), and for
 * comparison a one-for-one hedge. Values in USD, floating point (analytics). O(n^2) for
 * n history months (one regression per month; n is at most a few hundred).
 */
import type { Fixing } from '../benchmark/index.ts';
import type { ProductSpec } from '../contracts/index.ts';
import { dollarOffset, regressionTest, type DollarOffset, type RegressionTest } from './effectiveness.ts';
import type { OwnPriceSeries } from './own-price.ts';
import { hedgeChangesMin, hedgeSign, itemSign, roundContracts } from './plan.ts';
import { monthChanges, monthSamples } from './samples.ts';
import { mean, ols, sampleVariance } from './statistics.ts';
import type { Exposure, InputProblem, Parsed } from './types.ts';

export interface BacktestMonth {
  readonly month: string;
  readonly ownFrom: number;
  readonly ownTo: number;
  readonly benchmarkFrom: string;
  readonly benchmarkTo: string;
  /** Ratio estimated from earlier months only. */
  readonly ratio: number;
  readonly contracts: number;
  readonly itemChangeUsd: number;
  readonly hedgePnlUsd: number;
  readonly netUsd: number;
  readonly dollarOffset: DollarOffset;
  readonly rebalanced: boolean;
}

export interface HedgeBacktest {
  readonly kind: 'tokex.hedge_backtest';
  readonly firm: string;
  readonly product: string;
  readonly benchmarkId: string;
  readonly ownPriceSource: string;
  readonly monthlyQuantity: number;
  readonly historyChanges: number;
  readonly months: readonly BacktestMonth[];
  readonly unhedgedStdDevUsd: number;
  readonly hedgedStdDevUsd: number;
  /** Null when the firm's price never changed (nothing to reduce; any hedge only adds variance). */
  readonly varianceReductionPct: number | null;
  readonly oneForOneVarianceReductionPct: number | null;
  readonly cumulativeDollarOffset: DollarOffset;
  readonly monthsOffsetEffective: number;
  readonly monthsOffsetMeasurable: number;
  readonly regression: RegressionTest;
  readonly effective: boolean;
  readonly rebalances: number;
  readonly notes: readonly string[];
}

export function backtestHedge(inputs: {
  readonly exposure: Exposure;
  readonly product: ProductSpec;
  readonly fixings: readonly Fixing[];
  readonly own: OwnPriceSeries;
}): Parsed<HedgeBacktest> {
  const { exposure, product, fixings, own } = inputs;
  const changes = monthChanges(monthSamples(own, fixings, exposure.historyFrom ?? '0001-01-01', exposure.planDate));
  if (changes.length <= hedgeChangesMin) {
    const reason = `${changes.length} monthly changes; the walk-forward backtest needs more than ${hedgeChangesMin}`;
    const p: InputProblem = { file: exposure.file, line: 0, field: '(history)', reason, code: 'hedge_history_too_short' };
    return { ok: false, problems: [p] };
  }
  const unit = Number(product.contractUnit.amount);
  const quantity = mean(exposure.months.map((m) => m.quantityValue));
  const months: BacktestMonth[] = [];
  let ratio = 0;
  let previousContracts: number | null = null;
  for (let k = hedgeChangesMin; k < changes.length; k++) {
    const known = changes.slice(0, k);
    const x = known.map((c) => c.benchmarkChange);
    if (sampleVariance(x) > 0)
      ratio = Math.max(
        0,
        ols(
          x,
          known.map((c) => c.ownChange),
        ).slope,
      );
    const c = changes[k];
    if (c === undefined) continue;
    const contracts = roundContracts((ratio * quantity) / unit, exposure.rounding);
    const itemChangeUsd = itemSign(exposure.role) * quantity * c.ownChange;
    const hedgePnlUsd = hedgeSign(exposure.role) * contracts * unit * c.benchmarkChange;
    months.push({
      month: c.month,
      ownFrom: c.from.ownPrice,
      ownTo: c.to.ownPrice,
      benchmarkFrom: c.from.benchmarkValue,
      benchmarkTo: c.to.benchmarkValue,
      ratio,
      contracts,
      itemChangeUsd,
      hedgePnlUsd,
      netUsd: itemChangeUsd + hedgePnlUsd,
      dollarOffset: dollarOffset(hedgePnlUsd, itemChangeUsd),
      rebalanced: previousContracts !== null && previousContracts !== contracts,
    });
    previousContracts = contracts;
  }
  const item = months.map((m) => m.itemChangeUsd);
  const hedge = months.map((m) => m.hedgePnlUsd);
  const unhedged = sampleVariance(item);
  const hedged = sampleVariance(months.map((m) => m.netUsd));
  const oneForOne = sampleVariance(
    months.map((m, i) => m.itemChangeUsd + hedgeSign(exposure.role) * quantity * (changes[hedgeChangesMin + i]?.benchmarkChange ?? 0)),
  );
  const cumulative = dollarOffset(
    hedge.reduce((s, v) => s + v, 0),
    item.reduce((s, v) => s + v, 0),
  );
  const regression = regressionTest(hedge, item);
  const measurable = months.filter((m) => m.dollarOffset.effective !== null);
  const notes: string[] = [];
  if (unhedged === 0)
    notes.push("the firm's price did not change in the backtest months: there was no risk to reduce, and any hedge only added variance");
  notes.push('futures are assumed to trade at the benchmark value; each month is hedged at the previous month-end value');
  return {
    ok: true,
    value: {
      kind: 'tokex.hedge_backtest',
      firm: exposure.firm,
      product: product.root,
      benchmarkId: product.benchmarkId,
      ownPriceSource: own.description,
      monthlyQuantity: quantity,
      historyChanges: changes.length,
      months,
      unhedgedStdDevUsd: Math.sqrt(unhedged),
      hedgedStdDevUsd: Math.sqrt(hedged),
      varianceReductionPct: unhedged === 0 ? null : 100 * (1 - hedged / unhedged),
      oneForOneVarianceReductionPct: unhedged === 0 ? null : 100 * (1 - oneForOne / unhedged),
      cumulativeDollarOffset: cumulative,
      monthsOffsetEffective: measurable.filter((m) => m.dollarOffset.effective === true).length,
      monthsOffsetMeasurable: measurable.length,
      regression,
      effective: regression.effective && cumulative.effective === true,
      rebalances: months.filter((m) => m.rebalanced).length,
      notes,
    },
  };
}
