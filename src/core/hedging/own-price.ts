/**
 * The firm's own price, day by day, in the product's quote unit (USD per million blended
 * tokens, or USD per GPU-hour): read from the firm's CSV (prices or invoices), or derived
 * from the project's price data when the firm has none (one provider's route, one
 * cloud's list price), never invented.
 *
 * - CSV `date,price`: the price in force from that date until the next row; the series
 *   ends at the last row. CSV `date,amount_usd,quantity` (invoices): price = amount /
 *   quantity, dated at the invoice date. Dates strictly increasing, decimals plain and
 *   positive; problems carry file, line, column and the code `price_history_invalid`.
 * - Token route: on day D the segment in force (latest `from` <= D) names a provider and
 *   model key; the price is that key's latest list-price row on or before D, blended
 *   (inputParts x input + outputParts x output) / (inputParts + outputParts), if the key
 *   is listed on D. The series ends at the token source's last version date.
 * - GPU list price: in the latest GPU table version on or before D (server table), the
 *   provider's rows for that GPU model, instance size and pricing; the cheapest, per GPU.
 *   Ends at the table's last version date (no price is carried beyond the data).
 * Complexity: O(days x log rows) to build, O(1) per lookup.
 */
import { parseDecimal } from '../kernel/index.ts';
import { addDays, dayOfDate, isCivilDate, type BenchmarkData } from '../benchmark/index.ts';
import { priceRowsMax, type InputProblem, type OwnPriceSource, type Parsed } from './types.ts';

export interface OwnPriceSeries {
  readonly description: string;
  /** First and last day with a defined price window (a day inside may still have none). */
  readonly first: string;
  readonly last: string;
  /** The days on which the price changed (or became defined / undefined), with the new price. */
  readonly changes: readonly { readonly date: string; readonly price: number | null }[];
  priceOn(date: string): number | null;
}

/** A series from a day-by-day table starting at `first`. */
function dailySeries(description: string, first: string, daily: readonly (number | null)[]): OwnPriceSeries {
  const day0 = dayOfDate(first);
  const changes: { date: string; price: number | null }[] = [];
  daily.forEach((price, i) => {
    if (i === 0 ? price !== null : price !== daily[i - 1]) changes.push({ date: addDays(first, i), price });
  });
  return {
    description,
    first,
    last: addDays(first, Math.max(0, daily.length - 1)),
    changes,
    priceOn: (date) => daily[dayOfDate(date) - day0] ?? null,
  };
}

/** Parses the firm's price CSV (`date,price` or `date,amount_usd,quantity`). */
export function ownPricesFromCsv(file: string, body: string): Parsed<OwnPriceSeries> {
  const problems: InputProblem[] = [];
  const add = (line: number, field: string, reason: string): void => {
    problems.push({ file, line, field, reason, code: 'price_history_invalid' });
  };
  const lines = body.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  const invoices = header === 'date,amount_usd,quantity';
  if (header !== 'date,price' && !invoices) {
    add(1, '(header)', `expected "date,price" or "date,amount_usd,quantity", found "${header}"`);
    return { ok: false, problems };
  }
  const rows: { date: string; price: number }[] = [];
  lines.slice(1).forEach((line, i) => {
    const lineNo = i + 2;
    if (line.trim().length === 0) return;
    const fields = line.split(',');
    const width = invoices ? 3 : 2;
    if (fields.length !== width) return add(lineNo, '(row)', `expected ${width} fields, found ${fields.length}`);
    const date = fields[0] ?? '';
    if (!isCivilDate(date)) return add(lineNo, 'date', `"${date}" is not a YYYY-MM-DD date`);
    const previous = rows[rows.length - 1];
    if (previous !== undefined && date <= previous.date) return add(lineNo, 'date', `${date} is not after ${previous.date}`);
    const numbers: number[] = [];
    const columns = invoices ? ['amount_usd', 'quantity'] : ['price'];
    columns.forEach((column, k) => {
      const raw = fields[k + 1] ?? '';
      const parsed = parseDecimal(raw);
      if (!parsed.ok) return add(lineNo, column, parsed.reason);
      if (parsed.value.mantissa <= 0n) return add(lineNo, column, `"${raw}" must be positive`);
      numbers.push(Number(raw));
    });
    if (numbers.length === columns.length) rows.push({ date, price: invoices ? (numbers[0] ?? 0) / (numbers[1] ?? 1) : (numbers[0] ?? 0) });
  });
  if (rows.length > priceRowsMax) add(0, '(file)', `more than ${priceRowsMax} rows`);
  if (problems.length === 0 && rows.length < 2) add(0, '(file)', 'needs at least 2 dated prices');
  if (problems.length > 0) return { ok: false, problems };
  const first = rows[0]?.date ?? '';
  const last = rows[rows.length - 1]?.date ?? first;
  const daily: (number | null)[] = [];
  let k = 0;
  for (let day = 0; day <= dayOfDate(last) - dayOfDate(first); day++) {
    const date = addDays(first, day);
    while (k + 1 < rows.length && (rows[k + 1]?.date ?? '') <= date) k++;
    daily.push(rows[k]?.price ?? null);
  }
  const what = invoices ? 'invoices (amount / quantity)' : 'prices';
  return { ok: true, value: dailySeries(`${file}: the firm's own ${what}, ${rows.length} rows`, first, daily) };
}

/** Index of the last sorted date <= date, or -1. */
function lastAtOrBefore(dates: readonly string[], date: string): number {
  let low = 0;
  let high = dates.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((dates[middle] ?? '') <= date) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The own price from the project's data; null with a reason when the source names nothing in it. */
export function deriveOwnPrice(
  source: Exclude<OwnPriceSource, { kind: 'file' }>,
  data: BenchmarkData,
): { readonly ok: true; readonly series: OwnPriceSeries } | { readonly ok: false; readonly reason: string } {
  return source.kind === 'token_route' ? tokenRoute(source, data) : gpuListPrice(source, data);
}

function tokenRoute(source: Extract<OwnPriceSource, { kind: 'token_route' }>, data: BenchmarkData) {
  const { inputParts, outputParts } = source.blend;
  const perSegment = source.segments.map((segment) => {
    const rows = data.tokenRows.filter((r) => r.provider === segment.provider && r.product === segment.model);
    const listings = data.tokenListings.filter((l) => l.provider === segment.provider && l.product === segment.model);
    return { segment, rows, rowDates: rows.map((r) => r.date), listings, listingDates: listings.map((l) => l.date) };
  });
  const missing = perSegment.find((s) => s.rows.length === 0);
  if (missing !== undefined) {
    return { ok: false as const, reason: `no price rows for provider ${missing.segment.provider}, model ${missing.segment.model}` };
  }
  const first = source.segments[0]?.from ?? '';
  const last = data.tokenVersionDates[data.tokenVersionDates.length - 1] ?? first;
  if (last < first) return { ok: false as const, reason: `the token data ends on ${last}, before the first segment (${first})` };
  const daily: (number | null)[] = [];
  let s = 0;
  for (let day = 0; day <= dayOfDate(last) - dayOfDate(first); day++) {
    const date = addDays(first, day);
    while (s + 1 < perSegment.length && (perSegment[s + 1]?.segment.from ?? '') <= date) s++;
    const seg = perSegment[s];
    const row = seg?.rows[lastAtOrBefore(seg.rowDates, date)];
    const listing = seg?.listings[lastAtOrBefore(seg.listingDates, date)];
    const listed = listing === undefined || listing.event === 'listed';
    daily.push(
      row === undefined || !listed
        ? null
        : (inputParts * row.inputUsdPerMtok + outputParts * row.outputUsdPerMtok) / (inputParts + outputParts),
    );
  }
  const route = source.segments.map((g) => `${g.provider} ${g.model} from ${g.from}`).join(', then ');
  const description =
    `derived from the token list-price data (data/token-prices/litellm-history.csv): ${route}; ` +
    `blended ${inputParts}:${outputParts} input:output`;
  return { ok: true as const, series: dailySeries(description, first, daily) };
}

function gpuListPrice(source: Extract<OwnPriceSource, { kind: 'gpu_list_price' }>, data: BenchmarkData) {
  const group = 'fsdl/server';
  const tableRows = data.computeRows.filter((r) => r.group === group && r.mode === 'full_snapshot');
  const versions = [...new Set(tableRows.map((r) => r.date))].sort();
  const matching = tableRows.filter(
    (r) =>
      r.provider === source.provider && r.product === source.gpuModel && r.gpuCount === source.gpuCount && r.pricing === source.pricing,
  );
  if (matching.length === 0) {
    return {
      ok: false as const,
      reason: `no ${source.pricing} rows for ${source.provider} ${source.gpuModel} x${source.gpuCount} in the GPU table`,
    };
  }
  const cheapest = new Map<string, number>();
  for (const r of matching) {
    const perGpu = r.usdPerHour / r.gpuCount;
    cheapest.set(r.date, Math.min(cheapest.get(r.date) ?? Infinity, perGpu));
  }
  const first = matching.map((r) => r.date).sort()[0] ?? '';
  const last = versions[versions.length - 1] ?? first;
  const daily: (number | null)[] = [];
  for (let day = 0; day <= dayOfDate(last) - dayOfDate(first); day++) {
    const version = versions[lastAtOrBefore(versions, addDays(first, day))];
    daily.push(version === undefined ? null : (cheapest.get(version) ?? null));
  }
  const description =
    `derived from the GPU list-price table (data/gpu-prices/fsdl-cloud-gpus-history.csv, server table): ` +
    `${source.provider} ${source.gpuModel} x${source.gpuCount} ${source.pricing}, per GPU-hour; the table's last version is ${last}`;
  return { ok: true as const, series: dailySeries(description, first, daily) };
}
