/**
 * Public surface of the clearing context: the clearing house state machine (ledger,
 * positions, SPAN margin, variation margin, margin calls, default waterfall, final
 * settlement, statements, canonical snapshot and restore), and the pure analytics
 * around it (margin calibration from a benchmark's history, backtest, cover-2 stress
 * test). Imports kernel, model and benchmark.
 */
export * from './types.ts';
export type * from './events.ts';
export { waterfallSteps } from './events.ts';
export { Ledger, ledgerAccountsMax, legsPerEntryMax, bigintOf } from './ledger.ts';
export type { Leg } from './ledger.ts';
export { newPosition, applyTrade, markToMarket, unrealisedTicksLots, averagePriceOf, divideHalfEvenSigned } from './position.ts';
export type { Position } from './position.ts';
export { spanScenarios, riskArrayOf, productMargin, validateMarginParams, scenarioScale } from './span.ts';
export type { SpanScenario, RiskArray, MarginLine, ProductMargin } from './span.ts';
export { worstCaseRequirement, fillPriceLossMinor } from './pre-trade.ts';
export type { WorkingOrder, WorstCaseLine } from './pre-trade.ts';
export { allocateProRata } from './allocation.ts';
export { statementCsv } from './statement.ts';
export type { Statement, StatementCash, StatementPosition } from './statement.ts';
export { ClearingHouse, clearingAccountsMax, clearingMembersMax, clearingInstrumentsMax } from './clearing-house.ts';
export type { AccountMargin, TradeInput } from './clearing-house.ts';
export type {
  ClearingSnapshot,
  LedgerSnapshot,
  ProductSnapshot,
  InstrumentSnapshot,
  AccountSnapshot,
  PositionSnapshot,
  DayCashSnapshot,
  MarginCallSnapshot,
  ClosedDaySnapshot,
} from './snapshot.ts';
export { calibrateMargin, rollingCalibration, moveSamples, upperQuantile, defaultCalibrationOptions } from './calibration.ts';
export type { CalibrationOptions, CalibrationReport, CalibrationPoint, MoveSample } from './calibration.ts';
export { backtestMargin, valueToTicks, initialMarginPerContract } from './backtest.ts';
export type { BacktestDay, BacktestProduct, BacktestReport } from './backtest.ts';
export { coverTwo, stressScenarios, stressLossMinor } from './stress.ts';
export type { AccountExposure, ExposureLine, StressScenario, StressMove, MemberStress, CoverTwoReport } from './stress.ts';
export { clearingProductOf, startingMarginParams } from './product-of-spec.ts';
export type { ClearingFees } from './product-of-spec.ts';
