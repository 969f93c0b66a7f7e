/**
 * The benchmark path of a scenario as one value per simulated day, in ticks of the
 * product: a fixed value, a given list of daily values (the last repeats), or the real
 * series computed from data/ by the benchmark library between two dates (a day without
 * a value keeps the previous one).
 */
import { loadBenchmarkData } from '../benchmark-data/load.ts';
import { defaultDataDir } from '../benchmark-data/data-dir.ts';
import { computeSeries, findMethodology } from '../core/benchmark/index.ts';
import { finalSettlementTicks, type ProductSpec } from '../core/contracts/index.ts';
import type { BenchmarkPath } from './scenario.ts';

export interface DailyPath {
  /** The first simulated day's date. */
  readonly startDate: string;
  /** One value per day, in ticks. */
  readonly ticks: readonly number[];
}

export function dailyPath(product: ProductSpec, path: BenchmarkPath, days: number, dataDir = defaultDataDir): DailyPath {
  if (path.kind === 'fixed') {
    const value = finalSettlementTicks(product, path.value);
    return { startDate: path.startDate, ticks: Array.from({ length: days }, () => value) };
  }
  if (path.kind === 'path') {
    const values = path.values.map((value) => finalSettlementTicks(product, value));
    return { startDate: path.startDate, ticks: Array.from({ length: days }, (_, day) => values[Math.min(day, values.length - 1)]!) };
  }
  const methodology = findMethodology(product.benchmarkId);
  if (methodology === undefined) throw new Error(`benchmark: no methodology ${product.benchmarkId} for ${product.root}`);
  const series = computeSeries(methodology, loadBenchmarkData(dataDir), { from: path.from, to: path.to });
  const ticks: number[] = [];
  let last: number | null = null;
  for (const fixing of series.fixings) {
    if (fixing.value !== null) last = finalSettlementTicks(product, fixing.value);
    if (last !== null) ticks.push(last);
  }
  if (ticks.length < days) {
    throw new Error(`benchmark: ${path.from} to ${path.to} gives ${ticks.length} days with a value, the scenario runs ${days}`);
  }
  const skipped = series.fixings.length - ticks.length;
  return { startDate: series.fixings[skipped]!.date, ticks: ticks.slice(0, days) };
}
