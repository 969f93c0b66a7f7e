/**
 * The benchmark path of a scenario as one value per simulated day, in ticks of the
 * product: a fixed value, a given list of daily values (the last repeats), or the real
 * series computed from data/ by the benchmark library between two dates (a day without
 * a value keeps the previous one). The real series is computed from its first
 * observation, as published, and then cut to the dates: a chained value depends on
 * every day before it, so a series started at `from` would restart the chain there.
 * Computed series are kept for the process (at most 16; the data files are read-only
 * inputs), since a full history takes seconds and test runs replay the same one.
 */
import { loadBenchmarkData } from '../benchmark-data/load.ts';
import { defaultDataDir } from '../benchmark-data/data-dir.ts';
import { computeSeries, findMethodology, type Fixing, type Methodology } from '../core/benchmark/index.ts';
import { finalSettlementTicks, type ProductSpec } from '../core/contracts/index.ts';
import type { BenchmarkPath } from './scenario.ts';

export interface DailyPath {
  /** The first simulated day's date. */
  readonly startDate: string;
  /** One value per day, in ticks. */
  readonly ticks: readonly number[];
}

/** Series computed in this process, by data directory, methodology and last date (the data are read-only). */
const seriesCache = new Map<string, readonly Fixing[]>();
const seriesCacheMax = 16;

function publishedFixings(methodology: Methodology, dataDir: string, to: string): readonly Fixing[] {
  const key = `${dataDir}\u0000${methodology.id}\u0000${methodology.version}\u0000${to}`;
  let fixings = seriesCache.get(key);
  if (fixings === undefined) {
    fixings = computeSeries(methodology, loadBenchmarkData(dataDir), { to }).fixings;
    if (seriesCache.size >= seriesCacheMax) seriesCache.delete(seriesCache.keys().next().value!);
    seriesCache.set(key, fixings);
  }
  return fixings;
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
  // Chained values depend on every day before: compute from the first observation, then keep from..to.
  const fixings = publishedFixings(methodology, dataDir, path.to).filter((f) => f.date >= path.from);
  const ticks: number[] = [];
  let last: number | null = null;
  for (const fixing of fixings) {
    if (fixing.value !== null) last = finalSettlementTicks(product, fixing.value);
    if (last !== null) ticks.push(last);
  }
  if (ticks.length < days) {
    throw new Error(`benchmark: ${path.from} to ${path.to} gives ${ticks.length} days with a value, the scenario runs ${days}`);
  }
  const skipped = fixings.length - ticks.length;
  return { startDate: fixings[skipped]!.date, ticks: ticks.slice(0, days) };
}
