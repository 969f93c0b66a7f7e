/**
 * The inputs of a hedge (src/core/hedging) from the project's files: the product of an
 * exposure, the benchmark fixings up to the plan date (computed from data/ as `tokex
 * benchmark` does) and the firm's own price (a CSV file, rows given inline, or derived
 * from data/). Shared by `tokex hedge` and `POST /v1/hedge/plan`.
 *
 * Every refusal is a `HedgeInputError`: its message is the CLI's text (file, field,
 * reason and reject code), its `problems` the structured form the API answers with.
 * `BenchmarkCache` loads data/ once and computes each benchmark's series once, lazily,
 * keyed by benchmark id (100-170 ms each); a later plan date extends the series. One
 * cache serves a whole server: hedge plans, the benchmark routes, and the clearing set-up's
 * reference and final settlement prices.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { computeSeries, findMethodology, type BenchmarkData, type Fixing, type Methodology, type Series } from '../core/benchmark/index.ts';
import type { ProductSpec } from '../core/contracts/index.ts';
import {
  deriveOwnPrice,
  formatProblem,
  ownPricesFromCsv,
  rejectCodeOf,
  type Exposure,
  type InputProblem,
  type OwnPriceSeries,
  type OwnPriceSource,
  type Parsed,
} from '../core/hedging/index.ts';
import { loadBenchmarkData, type LoadedData } from '../benchmark-data/load.ts';

/** A refused hedge input: `message` for people (CLI), `problems` for the API. */
export class HedgeInputError extends Error {
  override readonly name = 'HedgeInputError';
  readonly problems: readonly InputProblem[];
  constructor(message: string, problems: readonly InputProblem[]) {
    super(message);
    this.problems = problems;
  }
}

/** The value of a parse, or a `HedgeInputError` listing every problem with its reject code. */
export function unwrapParsed<T>(parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  const codes = [...new Set(parsed.problems.map((p) => `${rejectCodeOf(p.code)} ${p.code}`))].join(', ');
  throw new HedgeInputError(`${parsed.problems.map(formatProblem).join('\n  ')}\n  (${codes})`, parsed.problems);
}

function refuse(file: string, field: string, reason: string, code: InputProblem['code'], message: string): never {
  throw new HedgeInputError(message, [{ file, line: 0, field, reason, code }]);
}

/** Reads a text file; an unreadable file is an Error naming `flag` and the path. */
export function readInputText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${flag}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The exposure's product and its benchmark methodology (1204 `hedge_product_unknown` otherwise). */
export function hedgeProduct(
  exposure: Exposure,
  products: readonly ProductSpec[],
): { readonly product: ProductSpec; readonly methodology: Methodology } {
  const product = products.find((p) => p.root === exposure.product);
  if (product === undefined) {
    const reason = `unknown root ${exposure.product}; known: ${products.map((p) => p.root).join(', ')}`;
    refuse(exposure.file, 'product', reason, 'hedge_product_unknown', `${exposure.file}: product: ${reason} (1204 hedge_product_unknown)`);
  }
  const methodology = findMethodology(product.benchmarkId);
  if (methodology === undefined) {
    const reason = `${product.root}: unknown benchmark ${product.benchmarkId}`;
    refuse(exposure.file, 'product', reason, 'hedge_product_unknown', `${reason} (1204 hedge_product_unknown)`);
  }
  return { product, methodology };
}

const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** The benchmark's fixings up to `planDate` (inclusive), computed from the first observation. */
export function benchmarkFixings(methodology: Methodology, data: BenchmarkData, planDate: string): Fixing[] {
  return computeSeries(methodology, data, { to: maxDate(planDate, '0001-01-01') }).fixings.filter((f) => f.date <= planDate);
}

/**
 * data/ loaded once and each benchmark's series computed once (lazily, keyed by
 * benchmark id). A series is computed through the latest plan date asked so far; the
 * fixings of earlier dates do not depend on later days, so filtering it gives the same
 * fixings as `benchmarkFixings`.
 */
export class BenchmarkCache {
  private readonly dataDir: string;
  private data: LoadedData | null = null;
  private readonly series = new Map<string, { readonly to: string; readonly fixings: readonly Fixing[] }>();
  private readonly full = new Map<string, Series>();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  benchmarkData(): LoadedData {
    return (this.data ??= loadBenchmarkData(this.dataDir));
  }

  fixings(methodology: Methodology, planDate: string): Fixing[] {
    let entry = this.series.get(methodology.id);
    if (entry === undefined || entry.to < planDate) {
      const to = maxDate(planDate, '0001-01-01');
      entry = { to, fixings: computeSeries(methodology, this.benchmarkData(), { to }).fixings };
      this.series.set(methodology.id, entry);
    }
    return entry.fixings.filter((f) => f.date <= planDate);
  }

  /** The whole series over the data (every published day), computed once per benchmark. */
  fullSeries(methodology: Methodology): Series {
    let found = this.full.get(methodology.id);
    if (found === undefined) {
      found = computeSeries(methodology, this.benchmarkData());
      this.full.set(methodology.id, found);
    }
    return found;
  }

  /** Benchmark ids computed so far (for tests and status). */
  cachedIds(): string[] {
    return [...this.series.keys()].sort();
  }
}

/** The own price from the exposure's `ownPrice` (a file relative to the exposure, or derived from data/). */
export function ownPriceFromSource(exposure: Exposure, source: OwnPriceSource, load: () => BenchmarkData): OwnPriceSeries {
  if (source.kind === 'file') {
    const path = resolve(dirname(exposure.file), source.path);
    return unwrapParsed(ownPricesFromCsv(path, readInputText(path, 'ownPrice.path')));
  }
  const derived = deriveOwnPrice(source, load());
  if (!derived.ok) {
    refuse(
      exposure.file,
      'ownPrice',
      derived.reason,
      'price_history_invalid',
      `${exposure.file}: ownPrice: ${derived.reason} (1202 price_history_invalid)`,
    );
  }
  return derived.series;
}

/** Dated prices given as data (the API's `ownPrices`), read like a `date,price` CSV; problems keep the CSV's line numbers. */
export function ownPriceFromRows(file: string, rows: readonly { readonly date: string; readonly price: string }[]): OwnPriceSeries {
  const body = ['date,price', ...rows.map((r) => `${r.date},${r.price}`)].join('\n');
  return unwrapParsed(ownPricesFromCsv(file, body));
}
