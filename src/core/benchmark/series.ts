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
 * pricing) are handed in, sorted as `computeFixing` wants them. Input objects are built
 * once per row and confirmation and reused; a day whose inputs equal the day before's
 * gets the same array. O(days x universe) plus O(n log n) sorting when inputs change.
 */
import { assert } from '../kernel/index.ts';
import { addDays, dayOfDate, isCivilDate } from './civil-date.ts';
import { compareInputs, computeFixing } from './fixing.ts';
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
  // The day's inputs are rebuilt only for keys whose row or confirmation changed; an
  // unchanged day returns the same (sorted, immutable) array as the day before.
  const current: (FixingInput | undefined)[] = keys.map(() => undefined);
  let lastInputs: FixingInput[] = [];
  return {
    firstDate: allDates[0] ?? null,
    lastDate: allDates[allDates.length - 1] ?? null,
    inputsOn(date: string): FixingInput[] {
      const confirmed = versions[lastAtOrBefore(versions, date)];
      let changed = false;
      for (let k = 0; k < keys.length; k++) {
        const row = rows[k]?.[lastAtOrBefore(rowDates[k] ?? [], date)];
        const event = events[k]?.[lastAtOrBefore(eventDates[k] ?? [], date)];
        let input: FixingInput | undefined;
        if (row !== undefined && !(event !== undefined && event.event === 'delisted')) {
          const observedDate = confirmed !== undefined && confirmed > row.date ? confirmed : row.date;
          const before = current[k];
          input =
            before !== undefined && before.obsId === row.obsId && before.observedDate === observedDate
              ? before
              : tokenInput(row, observedDate);
        }
        if (input !== current[k]) {
          current[k] = input;
          changed = true;
        }
      }
      if (changed) lastInputs = current.filter((input) => input !== undefined).sort(compareInputs);
      return lastInputs;
    },
  };
}

function tokenInput(row: TokenObservation, observedDate: string): FixingInput {
  return {
    kind: 'token',
    obsId: row.obsId,
    provider: row.provider,
    product: row.product,
    level: 'list_price',
    observedDate,
    snapshot: observedDate,
    inputUsdPerMtok: row.inputUsdPerMtok,
    outputUsdPerMtok: row.outputUsdPerMtok,
  };
}

/** The compute observations indexed once per data set, shared by every compute benchmark. */
interface ComputeIndex {
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** Full-snapshot groups and each one's sorted version dates. */
  readonly versions: ReadonlyMap<string, readonly string[]>;
  readonly intradayGroups: readonly string[];
  /** Rows by `mode|group|date`. */
  readonly buckets: ReadonlyMap<string, readonly ComputeObservation[]>;
  /** One fixing input per row, built on first use. */
  readonly inputs: WeakMap<ComputeObservation, ComputeFixingInput>;
}

const computeIndexes = new WeakMap<BenchmarkData, ComputeIndex>();

function computeIndex(data: BenchmarkData): ComputeIndex {
  const cached = computeIndexes.get(data);
  if (cached !== undefined) return cached;
  const versionSets = new Map<string, Set<string>>();
  const intraday = new Set<string>();
  const buckets = new Map<string, ComputeObservation[]>();
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (const row of data.computeRows) {
    if (firstDate === null || row.date < firstDate) firstDate = row.date;
    if (lastDate === null || row.date > lastDate) lastDate = row.date;
    if (row.mode === 'full_snapshot') {
      const set = versionSets.get(row.group) ?? new Set<string>();
      set.add(row.date);
      versionSets.set(row.group, set);
    } else {
      intraday.add(row.group);
    }
    const key = `${row.mode}|${row.group}|${row.date}`;
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, [row]);
    else list.push(row);
  }
  const groups = [...versionSets.keys()].sort();
  const index: ComputeIndex = {
    firstDate,
    lastDate,
    versions: new Map(groups.map((group) => [group, [...(versionSets.get(group) ?? [])].sort()])),
    intradayGroups: [...intraday].sort(),
    buckets,
    inputs: new WeakMap(),
  };
  computeIndexes.set(data, index);
  return index;
}

export function computeSource(methodology: Methodology, data: BenchmarkData): InputSource {
  const selection = methodology.selection;
  assert(selection.kind === 'compute', `${methodology.id} is not a compute benchmark`);
  const index = computeIndex(data);
  const inUniverse = (row: ComputeObservation): boolean =>
    selection.gpuModels.includes(row.product) && (row.pricing === selection.pricing || row.pricing === '');
  // Each bucket filtered to this benchmark's universe once, on first use.
  const universe = new Map<string, readonly ComputeObservation[]>();
  const rowsOf = (key: string): readonly ComputeObservation[] => {
    let rows = universe.get(key);
    if (rows === undefined) {
      rows = (index.buckets.get(key) ?? []).filter(inUniverse);
      universe.set(key, rows);
    }
    return rows;
  };
  const toInput = (row: ComputeObservation): ComputeFixingInput => {
    let input = index.inputs.get(row);
    if (input === undefined) {
      input = {
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
      };
      index.inputs.set(row, input);
    }
    return input;
  };
  // Days with the same table versions and no quotes of their own share one sorted array.
  let lastKey = '';
  let lastInputs: FixingInput[] = [];
  return {
    firstDate: index.firstDate,
    lastDate: index.lastDate,
    inputsOn(date: string): FixingInput[] {
      const keys: string[] = [];
      for (const [group, dates] of index.versions) {
        const version = dates[lastAtOrBefore(dates, date)];
        if (version !== undefined) keys.push(`full_snapshot|${group}|${version}`);
      }
      for (const group of index.intradayGroups) keys.push(`intraday_quote|${group}|${date}`);
      const present = keys.filter((key) => rowsOf(key).length > 0);
      const key = present.join(';');
      if (key !== lastKey) {
        lastKey = key;
        lastInputs = present.flatMap((k) => rowsOf(k).map(toInput)).sort(compareInputs);
      }
      return lastInputs;
    },
  };
}
