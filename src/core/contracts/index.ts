/**
 * Public surface of the contracts context: product specifications as validated data,
 * the listing calendar, the instrument lifecycle state machine, price rules (daily
 * limits with escalation, band, circuit breaker, position limits, order size), the
 * call auction price and the daily settlement price. Pure; rules in docs/contracts.md.
 * Imports kernel, model and benchmark (civil dates, final settlement values).
 */
export * from './product-spec.ts';
export { validateProductSpec, catalogProblems, exactTickValue, holidaysMax } from './validate-spec.ts';
export type { SpecProblem, SpecResult } from './validate-spec.ts';
export { monthCodes, monthCodeOf, contractSymbol, parseContractSymbol, addMonths, monthsBetween, rootPattern } from './symbols.ts';
export type { MonthCode, ContractMonth, ContractSymbol } from './symbols.ts';
export { isoWeekday, isBusinessDay, addBusinessDays, businessDayOnOrBefore } from './business-days.ts';
export {
  lastTradingDate,
  finalSettlementDate,
  contractDates,
  frontMonth,
  listedContracts,
  isListedOn,
  calendarEvents,
  calendarEventKinds,
  calendarRangeDaysMax,
  compareCalendarEvents,
} from './listing.ts';
export type { ContractDates, CalendarEvent, CalendarEventKind } from './listing.ts';
export { sessionSchedule, schedulePhaseAt, minutesOfTime, msPerDay } from './sessions.ts';
export type { SessionSchedule, SchedulePhase } from './sessions.ts';
export {
  initialLimitState,
  advanceLimitState,
  limitLevel,
  dailyLimits,
  checkDailyLimit,
  clampToLimits,
  limitLockedDirection,
} from './price-limits.ts';
export type { LimitState, LimitDirection, DayOutcome, LimitLevel, DailyLimits } from './price-limits.ts';
export { priceBand, checkPriceBand, checkOrderSize, checkBlockSize } from './price-band.ts';
export type { PriceBand } from './price-band.ts';
export { circuitBreakerThresholdTicks, checkCircuitBreaker, detectCircuitBreaker } from './circuit-breaker.ts';
export type { TradePrint, CircuitBreakerTrip } from './circuit-breaker.ts';
export { checkPositionLimits } from './position-limits.ts';
export type { PositionOrder, PositionNotice, PositionCheck } from './position-limits.ts';
export { auctionPrice, indicativeAuction } from './call-auction.ts';
export type { AuctionOrder, AuctionResult } from './call-auction.ts';
export { dailySettlementPrice, settlementFromSummary, settlementTiers } from './settlement-price.ts';
export type { SettlementInputs, SettlementPrice, SettlementSummary, SettlementTier } from './settlement-price.ts';
export { instrumentStates, haltReasons, newLifecycle, applyLifecycle, orderEntry, matchesContinuously, utcDateOf } from './lifecycle.ts';
export type {
  InstrumentState,
  HaltReason,
  InstrumentLifecycle,
  LifecycleCommand,
  LifecycleEvent,
  InstrumentStateChanged,
  LifecycleCommandRejected,
  StartPreOpen,
  OpenTrading,
  HaltTrading,
  ResumeTrading,
  CloseTrading,
  ExpireContract,
  FinalSettleContract,
} from './lifecycle.ts';
export { instrumentSpecOf, finalSettlementTicks, finalSettlementOf, marginPerContractMinor, contractView } from './instrument.ts';
export type { ContractView } from './instrument.ts';
export { widthTicksFloor, divideHalfEven, decimalToTicksHalfEven, clampTicks, bpsPerUnit, bpsMax } from './tick-rounding.ts';
export { rejection } from './rejection.ts';
export type { Rejection } from './rejection.ts';
