/**
 * Public surface of the hedging context: a firm's exposure and own price (read and
 * validated with file, line and field), the minimum-variance hedge ratio with its
 * interval, whole contracts per contract month, scenarios, effectiveness tests (dollar
 * offset, regression), a walk-forward backtest, the orders a plan asks for and the
 * documentation pack. Pure; imports kernel, benchmark and contracts. Floating point for
 * analytics only; contracts are rounded once, in `roundContracts`.
 */
export * from './types.ts';
export { exposureFromJson, exposureFromCsv } from './exposure.ts';
export { ownPricesFromCsv, deriveOwnPrice } from './own-price.ts';
export type { OwnPriceSeries } from './own-price.ts';
export { monthSamples, monthChanges, lastDayOfMonth, nextMonth } from './samples.ts';
export type { MonthSample, MonthChange } from './samples.ts';
export { mean, sampleVariance, ols, studentTCdf, studentTQuantile, incompleteBeta } from './statistics.ts';
export type { Regression } from './statistics.ts';
export { dollarOffset, regressionTest, dollarOffsetBounds, regressionBounds } from './effectiveness.ts';
export type { DollarOffset, RegressionTest } from './effectiveness.ts';
export {
  buildPlan,
  roundContracts,
  varianceReduction,
  referencePrice,
  itemSign,
  hedgeSign,
  hedgeChangesMin,
  rebalanceWindowMonths,
  rebalanceDriftMin,
} from './plan.ts';
export type { HedgePlan, ContractLine, Scenario, PlanInputs } from './plan.ts';
export { backtestHedge } from './backtest.ts';
export type { HedgeBacktest, BacktestMonth } from './backtest.ts';
export { hedgeOrders, planFromJson } from './orders.ts';
export type { HedgeOrder, HedgeOrders } from './orders.ts';
export { documentationMarkdown } from './documentation.ts';
