/**
 * A benchmark's daily series: for each calendar day of the range, the inputs in force
 * that day are assembled from the observations and handed to `computeFixing`, chaining
 * each fixing's state into the next.
 *
 * Inputs in force on day D:
 *  - token change rows: per (provider, model key) the latest row dated on or before D,
 *    if the key is listed on D (latest listing event on or before D; a key without
 *    events is listed); confirmed on the latest source version date on or before D.
 *  - compute full snapshots: per table group, every row of the latest version on or
 *    before D, confirmed on that version's date.
 *  - compute intraday quotes: the quotes of day D itself.
 * Only rows of the benchmark's universe (its model patterns or GPU models, and its
 * pricing) are handed in. O(days x universe) plus O(n log n) sorting once.
 */
import { assert } from '../kernel/index.ts';
import { addDays, dayOfDate, isCivilDate } from './civil-date.ts';
import { computeFixing } from './fixing.ts';
import { methodologyHash } from './methodologies.ts';
import type {
  BenchmarkData,
  ChainState,
  ComputeFixingInput,
  ComputeObservation,
  Fixing,
  FixingInput,
  InputRejection,
  ListingEvent,
  Methodology,
  TokenObservation,
} from './types.ts';
import { emptyChainState } from './types.ts';

export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

export interface Series {
  readonly methodology: Methodology;
  readonly methodologyHash: string;
  readonly from: string;
  readonly to: string;
  readonly rejections: readonly InputRejection[];
  readonly fixings: readonly Fixing[];
}

/** Days in one computed series, a guard against a range typed wrong by years. */
export const seriesDaysMax = 20_000;

/** The day-by-day input builder of one benchmark over one data set. */
export interface InputSource {
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  inputsOn(date: string): FixingInput[];
}

export function computeSeries(
  methodology: Methodology,
  data: BenchmarkData,
  range: DateRange = {},
  onProgress?: (done: number, total: number) => void,
): Series {
  const source = methodology.family === 'token' ? tokenSource(methodology, data) : computeSource(methodology, data);
  const from = range.from ?? source.firstDate;
  const to = range.to ?? source.lastDate;
  assert(from !== null && to !== null, `no observations for ${methodology.id} and no range given`);
  assert(isCivilDate(from) && isCivilDate(to), `range ${from}..${to} is not two calendar dates`);
  const days = dayOfDate(to) - dayOfDate(from) + 1;
  assert(days >= 1 && days <= seriesDaysMax, `range ${from}..${to} must hold 1 to ${seriesDaysMax} days`);
  const hash = methodologyHash(methodology);
  const fixings: Fixing[] = [];
  let previous: ChainState = emptyChainState;
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    const fixing = computeFixing({ methodology, methodologyHash: hash, date, inputs: source.inputsOn(date), previous });
    fixings.push(fixing);
    previous = fixing.next;
    onProgress?.(i + 1, days);
  }
  const rejections = data.rejections.filter((rejection) => rejection.family === methodology.family);
  return { methodology, methodologyHash: hash, from, to, rejections, fixings };
}

const byDate = <T extends { readonly date: string }>(a: T, b: T): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** Index of the last element of sorted `dates` that is <= date, or -1. */
function lastAtOrBefore(dates: readonly string[], date: string): number {
  let low = 0;
  let high = dates.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((dates[middle] ?? '') <= date) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

export function tokenSource(methodology: Methodology, data: BenchmarkData): InputSource {
  const selection = methodology.selection;
  assert(selection.kind === 'token', `${methodology.id} is not a token benchmark`);
  const patterns = selection.constituents.map((rule) => new RegExp(rule.keyPattern, 'i'));
  const inUniverse = new Map<string, boolean>();
  const member = (product: string): boolean => {
    let known = inUniverse.get(product);
    if (known === undefined) {
      known = patterns.some((pattern) => pattern.test(product));
      inUniverse.set(product, known);
    }
    return known;
  };
  const rowsByKey = new Map<string, TokenObservation[]>();
  for (const row of data.tokenRows) {
    if (!member(row.product)) continue;
    const key = `${row.provider}|${row.product}`;
    const list = rowsByKey.get(key);
    if (list === undefined) rowsByKey.set(key, [row]);
    else list.push(row);
  }
  const eventsByKey = new Map<string, ListingEvent[]>();
  for (const event of data.tokenListings) {
    const key = `${event.provider}|${event.product}`;
    if (!rowsByKey.has(key)) continue;
    const list = eventsByKey.get(key);
    if (list === undefined) eventsByKey.set(key, [event]);
    else list.push(event);
  }
  const keys = [...rowsByKey.keys()].sort();
  const rows = keys.map((key) => [...(rowsByKey.get(key) ?? [])].sort(byDate));
  const rowDates = rows.map((list) => list.map((row) => row.date));
  const events = keys.map((key) => [...(eventsByKey.get(key) ?? [])].sort(byDate));
  const eventDates = events.map((list) => list.map((event) => event.date));
  const versions = [...data.tokenVersionDates].sort();
  const allDates = [...rowDates.flat(), ...versions].sort();
  return {
    firstDate: allDates[0] ?? null,
    lastDate: allDates[allDates.length - 1] ?? null,
    inputsOn(date: string): FixingInput[] {
      const versionIndex = lastAtOrBefore(versions, date);
      const inputs: FixingInput[] = [];
      for (let k = 0; k < keys.length; k++) {
        const rowIndex = lastAtOrBefore(rowDates[k] ?? [], date);
        const row = rows[k]?.[rowIndex];
        if (row === undefined) continue;
        const eventIndex = lastAtOrBefore(eventDates[k] ?? [], date);
        const event = events[k]?.[eventIndex];
        if (event !== undefined && event.event === 'delisted') continue;
        const confirmed = versions[versionIndex];
        const observedDate = confirmed !== undefined && confirmed > row.date ? confirmed : row.date;
        inputs.push({
          kind: 'token',
          obsId: row.obsId,
          provider: row.provider,
          product: row.product,
          level: 'list_price',
          observedDate,
          snapshot: observedDate,
          inputUsdPerMtok: row.inputUsdPerMtok,
          outputUsdPerMtok: row.outputUsdPerMtok,
        });
      }
      return inputs;
    },
  };
}

export function computeSource(methodology: Methodology, data: BenchmarkData): InputSource {
  const selection = methodology.selection;
  assert(selection.kind === 'compute', `${methodology.id} is not a compute benchmark`);
  const versionSets = new Map<string, Set<string>>();
  const universe = new Map<string, ComputeObservation[]>();
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (const row of data.computeRows) {
    if (firstDate === null || row.date < firstDate) firstDate = row.date;
    if (lastDate === null || row.date > lastDate) lastDate = row.date;
    if (row.mode === 'full_snapshot') {
      const set = versionSets.get(row.group) ?? new Set<string>();
      set.add(row.date);
      versionSets.set(row.group, set);
    }
    const pricingMatches = row.pricing === selection.pricing || row.pricing === '';
    if (!selection.gpuModels.includes(row.product) || !pricingMatches) continue;
    const key = `${row.mode}|${row.group}|${row.date}`;
    const list = universe.get(key);
    if (list === undefined) universe.set(key, [row]);
    else list.push(row);
  }
  const groups = [...versionSets.keys()].sort();
  const versions = new Map(groups.map((group) => [group, [...(versionSets.get(group) ?? [])].sort()]));
  const intradayGroups = [...new Set(data.computeRows.filter((row) => row.mode === 'intraday_quote').map((row) => row.group))].sort();
  const toInput = (row: ComputeObservation): ComputeFixingInput => ({
    kind: 'compute',
    obsId: row.obsId,
    provider: row.provider,
    product: row.product,
    level: row.level,
    observedDate: row.date,
    snapshot: row.snapshot,
    pricing: row.pricing,
    offering: row.offering,
    gpuCount: row.gpuCount,
    usdPerHour: row.usdPerHour,
  });
  return {
    firstDate,
    lastDate,
    inputsOn(date: string): FixingInput[] {
      const inputs: FixingInput[] = [];
      for (const group of groups) {
        const dates = versions.get(group) ?? [];
        const version = dates[lastAtOrBefore(dates, date)];
        if (version === undefined) continue;
        for (const row of universe.get(`full_snapshot|${group}|${version}`) ?? []) inputs.push(toInput(row));
      }
      for (const group of intradayGroups) {
        for (const row of universe.get(`intraday_quote|${group}|${date}`) ?? []) inputs.push(toInput(row));
      }
      return inputs;
    },
  };
}
