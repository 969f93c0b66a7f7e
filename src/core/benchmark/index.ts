/**
 * Public surface of the benchmark context: methodologies (listBenchmarks, findMethodology,
 * methodologyHash), one fixing (computeFixing), a daily series (computeSeries), audit
 * replication, restatements, final settlement values, the manipulation test and series
 * statistics. Pure: data arrives as typed observations from the adapters.
 */
export * from './types.ts';
export { listBenchmarks, findMethodology, allMethodologies, methodologyHash } from './methodologies.ts';
export type { BenchmarkListing } from './methodologies.ts';
export { computeFixing, referencePrice, compareInputs } from './fixing.ts';
export type { FixingArgs } from './fixing.ts';
export { computeSeries, tokenSource, computeSource, seriesDaysMax } from './series.ts';
export type { DateRange, Series, InputSource } from './series.ts';
export { replicateAudit } from './replicate.ts';
export type { ReplicationReport } from './replicate.ts';
export { restateFixing } from './restatement.ts';
export type { Restatement } from './restatement.ts';
export { finalSettlementValue, defaultSettlementRule, exactMean } from './settlement.ts';
export type { SettlementRule, SettlementRecord } from './settlement.ts';
export { simulateAttack } from './attack.ts';
export type { AttackReport, AttackDay } from './attack.ts';
export { seriesStats } from './stats.ts';
export type { SeriesStats } from './stats.ts';
export { weightedMedian, median } from './weighted-median.ts';
export { roundHalfEven, publishedPlaces } from './rounding.ts';
export { canonicalJson } from './canonical-json.ts';
export { isCivilDate, addDays, daysBetween, dayOfDate, dateOfDay } from './civil-date.ts';
