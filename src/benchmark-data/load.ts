/**
 * Reads the benchmark data folder (data/ by default; layout in data/README.md) into
 * typed observations for src/core/benchmark, and reports every row it cannot use with
 * its file and line instead of failing: wrong field count, bad or out-of-order dates,
 * non-numeric or negative prices, unknown units (header), modes or pricing, and rows
 * whose per-GPU price disagrees with the instance price. A missing file is reported
 * the same way (line 0). Prices are checked as exact decimals (kernel parseDecimal)
 * before being turned into numbers.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDecimal } from '../core/kernel/index.ts';
import type {
  BenchmarkData,
  BenchmarkFamily,
  ComputeObservation,
  InputRejection,
  ListingEvent,
  TokenObservation,
} from '../core/benchmark/index.ts';
import { isCivilDate } from '../core/benchmark/index.ts';
import { parseCsv, type CsvRecord } from './csv.ts';

export const dataFiles = {
  tokenHistory: 'token-prices/litellm-history.csv',
  tokenListings: 'token-prices/litellm-listing-events.csv',
  tokenSnapshots: 'token-prices/litellm-history-snapshots.csv',
  fsdlHistory: 'gpu-prices/fsdl-cloud-gpus-history.csv',
  primeBest: 'gpu-prices/primeintellect-marketplace-best-by-config.csv',
} as const;

const headers: Record<string, readonly string[]> = {
  [dataFiles.tokenHistory]: ['date', 'provider', 'model', 'mode', 'input_usd_per_mtok', 'output_usd_per_mtok'],
  [dataFiles.tokenListings]: ['date', 'provider', 'model', 'event'],
  [dataFiles.tokenSnapshots]: ['date', 'source_repo', 'commit', 'path', 'chat_completion_models_priced'],
  [dataFiles.fsdlHistory]: [
    'date',
    'provider',
    'gpu_model',
    'gpu_count',
    'region',
    'usd_per_hour',
    'usd_per_gpu_hour',
    'pricing',
    'offering',
    'gpu_type_raw',
    'gpu_arch',
    'instance_name',
    'vcpus',
    'ram_gb',
    'listed_per_gpu_usd',
  ],
  [dataFiles.primeBest]: [
    'timestamp',
    'provider',
    'gpu_model',
    'gpu_count',
    'region',
    'usd_per_hour',
    'usd_per_gpu_hour',
    'pricing',
    'offers_with_this_gpu_count',
    'avg_usd_per_gpu_hour_this_gpu_count',
  ],
};

export interface FileDigest {
  readonly file: string;
  readonly rows: number;
  readonly sha256: string;
}

export interface LoadedData extends BenchmarkData {
  readonly files: readonly FileDigest[];
}

class RowError extends Error {}

/** A file's rows as objects by header name, with line numbers; problems are pushed to `rejections`. */
function readTable(
  dir: string,
  file: string,
  family: BenchmarkFamily,
  rejections: InputRejection[],
  digests: FileDigest[],
): { line: number; get: (name: string) => string }[] {
  const path = join(dir, file);
  if (!existsSync(path)) {
    rejections.push({ family, file, line: 0, reason: 'file not found' });
    return [];
  }
  const bytes = readFileSync(path);
  const csv = parseCsv(bytes.toString('utf8'));
  digests.push({ file, rows: csv.records.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  const expected = headers[file] ?? [];
  if (csv.header.join(',') !== expected.join(',')) {
    rejections.push({ family, file, line: 1, reason: `unknown header (columns or units): expected ${expected.join(',')}` });
    return [];
  }
  const out: { line: number; get: (name: string) => string }[] = [];
  for (const record of csv.records) {
    if (record.fields.length !== expected.length) {
      rejections.push({ family, file, line: record.line, reason: `expected ${expected.length} fields, found ${record.fields.length}` });
      continue;
    }
    out.push({ line: record.line, get: getter(expected, record) });
  }
  return out;
}

function getter(header: readonly string[], record: CsvRecord): (name: string) => string {
  return (name: string) => record.fields[header.indexOf(name)] ?? '';
}

function price(text: string, column: string): number {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new RowError(`${column} ${parsed.reason}`);
  if (parsed.value.mantissa < 0n) throw new RowError(`${column} "${text}" is negative`);
  return Number(text);
}

function date(text: string, column = 'date'): string {
  if (!isCivilDate(text)) throw new RowError(`${column} "${text}" is not a YYYY-MM-DD date`);
  return text;
}

function nonEmpty(text: string, column: string): string {
  if (text.trim().length === 0) throw new RowError(`${column} is empty`);
  return text;
}

function oneOf<T extends string>(text: string, column: string, allowed: readonly T[]): T {
  const found = allowed.find((value) => value === text);
  if (found === undefined) throw new RowError(`${column} "${text}" is not one of ${allowed.join(', ')}`);
  return found;
}

/** Runs `parse` over the rows in file order, rejecting rows that throw or go back in time. */
function parseRows<T>(
  rows: { line: number; get: (name: string) => string }[],
  file: string,
  family: BenchmarkFamily,
  rejections: InputRejection[],
  orderKey: (get: (name: string) => string) => string,
  parse: (get: (name: string) => string, line: number) => T,
): T[] {
  const out: T[] = [];
  let last = '';
  for (const row of rows) {
    try {
      const value = parse(row.get, row.line);
      const key = orderKey(row.get);
      if (key < last) throw new RowError(`date out of order: ${key} after ${last}`);
      last = key;
      out.push(value);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      rejections.push({ family, file, line: row.line, reason: error.message });
    }
  }
  return out;
}

export function loadBenchmarkData(dir: string): LoadedData {
  const rejections: InputRejection[] = [];
  const files: FileDigest[] = [];
  const table = (file: string, family: BenchmarkFamily) => readTable(dir, file, family, rejections, files);

  const tokenRows = parseRows(
    table(dataFiles.tokenHistory, 'token'),
    dataFiles.tokenHistory,
    'token',
    rejections,
    (g) => g('date'),
    (get, line): TokenObservation => {
      oneOf(get('mode'), 'mode', ['chat', 'completion']);
      return {
        kind: 'token',
        obsId: `${dataFiles.tokenHistory}:${line}`,
        date: date(get('date')),
        provider: nonEmpty(get('provider'), 'provider'),
        product: nonEmpty(get('model'), 'model'),
        inputUsdPerMtok: price(get('input_usd_per_mtok'), 'input_usd_per_mtok'),
        outputUsdPerMtok: price(get('output_usd_per_mtok'), 'output_usd_per_mtok'),
      };
    },
  );
  const tokenListings = parseRows(
    table(dataFiles.tokenListings, 'token'),
    dataFiles.tokenListings,
    'token',
    rejections,
    (g) => g('date'),
    (get, line): ListingEvent => ({
      obsId: `${dataFiles.tokenListings}:${line}`,
      date: date(get('date')),
      provider: nonEmpty(get('provider'), 'provider'),
      product: nonEmpty(get('model'), 'model'),
      event: oneOf(get('event'), 'event', ['listed', 'delisted']),
    }),
  );
  const tokenVersionDates = parseRows(
    table(dataFiles.tokenSnapshots, 'token'),
    dataFiles.tokenSnapshots,
    'token',
    rejections,
    (g) => g('date'),
    (get) => date(get('date')),
  );

  const fsdl = parseRows(
    table(dataFiles.fsdlHistory, 'compute'),
    dataFiles.fsdlHistory,
    'compute',
    rejections,
    (g) => g('date'),
    (get, line): ComputeObservation => {
      const day = date(get('date'));
      const gpuCount = count(get('gpu_count'));
      const usdPerHour = price(get('usd_per_hour'), 'usd_per_hour');
      const perGpu = price(get('usd_per_gpu_hour'), 'usd_per_gpu_hour');
      consistent(usdPerHour, gpuCount, perGpu, 0.0001);
      const offering = oneOf(get('offering'), 'offering', ['server', 'serverless']);
      return {
        kind: 'compute',
        obsId: `${dataFiles.fsdlHistory}:${line}`,
        date: day,
        snapshot: day,
        mode: 'full_snapshot',
        group: `fsdl/${offering}`,
        level: 'list_price',
        provider: nonEmpty(get('provider'), 'provider'),
        product: nonEmpty(get('gpu_model'), 'gpu_model'),
        pricing: oneOf(get('pricing'), 'pricing', ['on_demand', 'spot']),
        offering,
        gpuCount,
        usdPerHour,
      };
    },
  );
  const prime = parseRows(
    table(dataFiles.primeBest, 'compute'),
    dataFiles.primeBest,
    'compute',
    rejections,
    (g) => g('timestamp'),
    (get, line): ComputeObservation => {
      const timestamp = get('timestamp');
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(timestamp)) throw new RowError(`timestamp "${timestamp}" is not ISO 8601 UTC`);
      const gpuCount = count(get('gpu_count'));
      const usdPerHour = price(get('usd_per_hour'), 'usd_per_hour');
      consistent(usdPerHour, gpuCount, price(get('usd_per_gpu_hour'), 'usd_per_gpu_hour'), 0.01);
      return {
        kind: 'compute',
        obsId: `${dataFiles.primeBest}:${line}`,
        date: date(timestamp.slice(0, 10), 'timestamp'),
        snapshot: timestamp,
        mode: 'intraday_quote',
        group: 'primeintellect/best-by-config',
        level: 'executable_quote',
        provider: nonEmpty(get('provider'), 'provider'),
        product: nonEmpty(get('gpu_model'), 'gpu_model'),
        pricing: oneOf(get('pricing'), 'pricing (unit of the quote)', ['on_demand', 'spot']),
        offering: 'server',
        gpuCount,
        usdPerHour,
      };
    },
  );
  rejections.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { tokenRows, tokenListings, tokenVersionDates, computeRows: [...fsdl, ...prime], rejections, files };
}

function count(text: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(text)) throw new RowError(`gpu_count "${text}" is not a positive whole number`);
  return Number(text);
}

function consistent(usdPerHour: number, gpuCount: number, perGpu: number, tolerance: number): void {
  const computed = usdPerHour / gpuCount;
  if (Math.abs(computed - perGpu) > tolerance + 1e-12) {
    throw new RowError(`inconsistent: usd_per_gpu_hour ${perGpu} but usd_per_hour / gpu_count = ${computed.toFixed(6)}`);
  }
}
