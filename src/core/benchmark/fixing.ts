/**
 * One fixing: the day's candidate inputs and the previous chain state in, a complete
 * fixing record out (every input, every exclusion with its reason, the value and its
 * confidence). Pure and order-independent: inputs are sorted first.
 *
 * Procedure (docs/methodology/README.md, "Formula", steps 1-9):
 *  1. price each input in the reference unit (token: blend of input and output prices;
 *     compute: instance price / GPU count); 2. eligibility; 3. staleness; 4. input
 *     hierarchy (best level with a quorum); 5. one route per contributor and model (or
 *     line, with successors replacing predecessors at the scheduled rebalance);
 *  6. outliers: (a) jump from the route's previous effective price; (b) distance from a
 *     reference fixed before the day's inputs are seen: the weighted median of the chain
 *     state's effective prices (so no input can move another route in or out); 7. quorum;
 *  8. spot = weighted median; 9. chain link = weighted mean of capped log price relatives
 *     over all routes that count (a route entering today counts as unchanged);
 *     value = base * exp(link), rounded half-even to 1e-6, where the base is the previous
 *     published value; 10. at a scheduled anchoring point the base is instead the anchor,
 *     the exact mean of the spots published in the window of days before the point at the
 *     day's input level (known before the day's inputs, so no input of the day moves it).
 *
 * Invariant: each route's inclusion depends only on its own inputs and the previous
 * state, so one route of weight share w moves the link by at most w x 2 ln(1 + cap).
 * Complexity O(n log n) in the number of inputs; a candidate's classification is memoized
 * per methodology and input object (inputs are immutable), regular expressions compiled
 * once per methodology. Known limits: the cross-section rule is one pass (no iteration).
 */
import { assert } from '../kernel/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { daysBetween, isCivilDate } from './civil-date.ts';
import { roundHalfEven, roundHalfEvenNumber, statePlaces } from './rounding.ts';
import { exactMean } from './settlement.ts';
import type {
  AnchorState,
  Anchoring,
  AnchoringReason,
  ChainState,
  Contribution,
  EffectivePrice,
  Exclusion,
  ExclusionReason,
  Fixing,
  FixingInput,
  InputLevel,
  Methodology,
  OutlierReference,
  TokenConstituentRule,
  WindowSpot,
} from './types.ts';
import { inputLevels } from './types.ts';
import { median, weightedMedian } from './weighted-median.ts';

export interface FixingArgs {
  readonly methodology: Methodology;
  readonly methodologyHash: string;
  readonly date: string;
  readonly inputs: readonly FixingInput[];
  readonly previous: ChainState;
}

/** An input that passed eligibility, priced in the reference unit. */
interface Candidate {
  readonly input: FixingInput;
  readonly contributor: string;
  /** Model (token) or GPU class (compute). */
  readonly model: string;
  /** Contributor and model, or contributor and line: the chain's route. */
  readonly routeKey: string;
  readonly rank: number;
  readonly regional: boolean;
  readonly priceUsd: number;
}

interface Route {
  readonly routeKey: string;
  readonly contributor: string;
  readonly product: string;
  readonly obsIds: string[];
  readonly priceUsd: number;
}

interface Compiled {
  readonly weights: ReadonlyMap<string, number>;
  readonly rules: readonly { readonly rule: TokenConstituentRule; readonly pattern: RegExp }[];
  readonly variant: RegExp | null;
  readonly regional: RegExp | null;
  /** Classification by input object (inputs are immutable and reused across days): a candidate or its exclusion. */
  readonly verdicts: WeakMap<FixingInput, Candidate | Exclusion>;
  /** Product key to the index of its matching rule (-1: none), variant and regional flags. */
  readonly products: Map<string, { readonly rule: number; readonly variant: boolean; readonly regional: boolean }>;
}

const compiledCache = new WeakMap<Methodology, Compiled>();
/** Distinct product keys remembered per methodology; the memo is cleared when full. */
const productsMax = 100_000;

function compiled(methodology: Methodology): Compiled {
  const cached = compiledCache.get(methodology);
  if (cached !== undefined) return cached;
  const selection = methodology.selection;
  const common = { weights: new Map(Object.entries(methodology.weights.overrides)), verdicts: new WeakMap(), products: new Map() };
  const result: Compiled =
    selection.kind === 'token'
      ? {
          ...common,
          rules: selection.constituents.map((rule) => ({ rule, pattern: new RegExp(rule.keyPattern, 'i') })),
          variant: selection.variantPattern === null ? null : new RegExp(selection.variantPattern, 'i'),
          regional: selection.regionalPattern === null ? null : new RegExp(selection.regionalPattern, 'i'),
        }
      : { ...common, rules: [], variant: null, regional: null };
  compiledCache.set(methodology, result);
  return result;
}

const knownDates = new Set<string>();
const knownDatesMax = 100_000;

/** isCivilDate with a bounded memo (inputs repeat the same few dates). */
function validDate(text: string): boolean {
  if (knownDates.has(text)) return true;
  if (!isCivilDate(text)) return false;
  if (knownDates.size >= knownDatesMax) knownDates.clear();
  knownDates.add(text);
  return true;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareInputs(a: FixingInput, b: FixingInput): number {
  const order = compareText(a.obsId, b.obsId) || compareText(a.snapshot, b.snapshot);
  return order !== 0 ? order : compareText(canonicalJson(a), canonicalJson(b));
}

function isSorted(inputs: readonly FixingInput[]): boolean {
  for (let i = 1; i < inputs.length; i++) {
    const a = inputs[i - 1];
    const b = inputs[i];
    if (a !== undefined && b !== undefined && compareInputs(a, b) > 0) return false;
  }
  return true;
}

/** The blended or per-GPU price of an input, NaN when the input cannot be priced. */
export function referencePrice(methodology: Methodology, input: FixingInput): number {
  const selection = methodology.selection;
  if (input.kind === 'token' && selection.kind === 'token') {
    const { inputParts, outputParts } = selection.blend;
    return (inputParts * input.inputUsdPerMtok + outputParts * input.outputUsdPerMtok) / (inputParts + outputParts);
  }
  if (input.kind === 'compute' && selection.kind === 'compute') return input.usdPerHour / input.gpuCount;
  return Number.NaN;
}

type Exclude = (obsId: string, reason: ExclusionReason, detail: string) => void;

export function computeFixing(args: FixingArgs): Fixing {
  const { methodology, date, previous } = args;
  assert(validDate(date), `fixing date ${date} is not a calendar date`);
  const inputs = isSorted(args.inputs) ? args.inputs : [...args.inputs].sort(compareInputs);
  const exclusions: Exclusion[] = [];
  const exclude: Exclude = (obsId, reason, detail) => {
    exclusions.push({ obsId, reason, detail });
  };

  // Steps 1-3: price, eligibility, staleness.
  let candidates: Candidate[] = [];
  for (const input of inputs) {
    const verdict = classified(methodology, input);
    if (!('routeKey' in verdict)) {
      exclusions.push(verdict);
      continue;
    }
    const ageDays = validDate(input.observedDate) ? daysBetween(input.observedDate, date) : Number.NaN;
    if (!(ageDays >= 0)) {
      exclude(input.obsId, 'malformed', `observed date ${input.observedDate} is not on or before the fixing date`);
    } else if (ageDays > methodology.staleDaysMax[input.level]) {
      exclude(input.obsId, 'stale', `last confirmed ${ageDays} days ago, limit ${methodology.staleDaysMax[input.level]}`);
    } else {
      candidates.push(verdict);
    }
  }

  // Step 4: the best input level that has a quorum of contributors (else the best with any).
  const level = chooseLevel(methodology, candidates);
  if (candidates.some((candidate) => candidate.input.level !== level)) {
    candidates = candidates.filter((candidate) => {
      if (candidate.input.level === level) return true;
      exclude(candidate.input.obsId, 'lower_input_level', `level ${candidate.input.level}; this fixing uses ${String(level)}`);
      return false;
    });
  }

  // Step 5: one route per contributor and model (or line).
  const previousEffective = new Map(previous.effective.map((entry) => [entry.key, entry]));
  let routes =
    methodology.selection.kind === 'token'
      ? tokenRoutes(methodology, date, candidates, previousEffective, exclude)
      : computeRoutes(candidates, exclude);

  // Step 6a: jump from the route's own previous effective price.
  const jump = methodology.outlier.jumpFactorMax;
  routes = routes.filter((route) => {
    const before = previousEffective.get(route.routeKey);
    if (before === undefined) return true;
    const ratio = route.priceUsd / before.priceUsd;
    if (ratio <= jump && ratio >= 1 / jump) return true;
    for (const obsId of route.obsIds)
      exclude(obsId, 'outlier', `moved x${ratio.toPrecision(4)} from effective ${before.priceUsd}, limit x${jump}`);
    return false;
  });

  // Step 6b: cross-section, against a reference no input of the day can move.
  const screen = crossSectionReference(methodology, previous, routes);
  if (screen.centerUsd !== null) {
    const factor = methodology.outlier.crossSectionFactorMax ?? Number.POSITIVE_INFINITY;
    const center = screen.centerUsd;
    const cap = methodology.chain.relativeCap;
    routes = routes.filter((route) => {
      // Compared as it would count: capped to its previous effective price if matched, raw if entering.
      const before = previousEffective.get(route.routeKey);
      const counted =
        before === undefined ? route.priceUsd : clamp(route.priceUsd, before.priceUsd / (1 + cap), before.priceUsd * (1 + cap));
      const ratio = counted / center;
      if (ratio <= factor && ratio >= 1 / factor) return true;
      for (const obsId of route.obsIds) exclude(obsId, 'outlier', `x${ratio.toPrecision(4)} of the reference ${center}, limit x${factor}`);
      return false;
    });
  }

  // Step 7: quorum.
  const quorum = methodology.quorum.contributorsMin;
  if (routes.length > 0 && routes.length < quorum && methodology.quorum.below === 'no_value') {
    for (const route of routes)
      for (const obsId of route.obsIds) exclude(obsId, 'below_quorum', `${routes.length} of ${quorum} contributors`);
    routes = [];
  }

  const base: FixingBase = { args, inputs, exclusions: sortExclusions(exclusions), screen, level };
  if (routes.length === 0) return noValueFixing(base);
  return valueFixing(base, routes, previousEffective);
}

interface Screen {
  readonly reference: OutlierReference;
  readonly centerUsd: number | null;
}

/**
 * The cross-section rule's reference (step 6b). With at least `min` effective prices in the
 * chain state: their weighted median, known before the day's inputs. With none (inception,
 * or after a gap longer than the memory; every route enters, so the link is 0): the weighted
 * median of the day's prices, if at least `min` routes. With 1 to min - 1: no robust
 * reference exists that the day's inputs cannot move, so the rule does not run (the jump
 * rule and the cap still hold) and the fixing is flagged low confidence.
 */
function crossSectionReference(methodology: Methodology, previous: ChainState, routes: readonly Route[]): Screen {
  const min = methodology.outlier.crossSectionContributorsMin;
  if (methodology.outlier.crossSectionFactorMax === null) return { reference: 'off', centerUsd: null };
  const established = previous.effective;
  if (established.length >= min) {
    const items = established.map((e) => ({ key: e.key, priceUsd: e.priceUsd, weight: weightOf(methodology, contributorOfKey(e.key)) }));
    return { reference: 'chain_state', centerUsd: weightedMedian(items) };
  }
  if (established.length === 0 && routes.length >= min) {
    return { reference: 'day_inputs', centerUsd: weightedMedian(routes.map((route) => weighted(methodology, route))) };
  }
  return { reference: 'not_applied', centerUsd: null };
}

function contributorOfKey(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(0, bar);
}

function classified(methodology: Methodology, input: FixingInput): Candidate | Exclusion {
  const memo = compiled(methodology).verdicts;
  let verdict = memo.get(input);
  if (verdict === undefined) {
    const found = classify(methodology, input);
    verdict =
      typeof found !== 'string'
        ? found
        : { obsId: input.obsId, reason: found.startsWith('malformed') ? 'malformed' : 'ineligible', detail: found };
    memo.set(input, verdict);
  }
  return verdict;
}

function productInfo(methodology: Methodology, provider: string, product: string): { rule: number; variant: boolean; regional: boolean } {
  const c = compiled(methodology);
  const key = `${provider}\u0000${product}`;
  let info = c.products.get(key);
  if (info === undefined) {
    const rule = c.rules.findIndex(
      ({ rule: r, pattern }) => (r.providers === null || r.providers.includes(provider)) && pattern.test(product),
    );
    info = { rule, variant: c.variant?.test(product) === true, regional: c.regional?.test(product) === true };
    if (c.products.size >= productsMax) c.products.clear();
    c.products.set(key, info);
  }
  return info;
}

function classify(methodology: Methodology, input: FixingInput): Candidate | string {
  const selection = methodology.selection;
  const priceUsd = referencePrice(methodology, input);
  if (!inputLevels.includes(input.level)) return `malformed: unknown input level ${String(input.level)}`;
  if (input.kind === 'token' && selection.kind === 'token') {
    if (!(input.inputUsdPerMtok >= 0 && input.outputUsdPerMtok >= 0 && Number.isFinite(priceUsd))) {
      return 'malformed: price is negative or not a number';
    }
    const ineligibleProvider = selection.ineligibleProviders[input.provider];
    if (ineligibleProvider !== undefined) return ineligibleProvider;
    const info = productInfo(methodology, input.provider, input.product);
    const rule = compiled(methodology).rules[info.rule]?.rule;
    if (rule === undefined) return 'not a constituent route of this benchmark';
    if (info.variant) return 'variant (fine-tune, distillation, promotional or special tier), not the base model';
    if (input.inputUsdPerMtok === 0 || input.outputUsdPerMtok === 0) return 'zero price (free or promotional tier)';
    const contributor = selection.providerAliases[input.provider] ?? input.provider;
    const routeBy = selection.succession.routeBy === 'line' ? rule.line : rule.model;
    return {
      input,
      contributor,
      model: rule.model,
      routeKey: `${contributor}|${routeBy}`,
      rank: rule.rank,
      regional: info.regional,
      priceUsd,
    };
  }
  if (input.kind === 'compute' && selection.kind === 'compute') {
    if (!(Number.isSafeInteger(input.gpuCount) && input.gpuCount >= 1)) return 'malformed: GPU count is not a positive integer';
    if (!(input.usdPerHour >= 0 && Number.isFinite(priceUsd))) return 'malformed: price is negative or not a number';
    if (!selection.gpuModels.includes(input.product)) return `GPU ${input.product} is not in class ${selection.gpuClass}`;
    if (input.pricing !== selection.pricing) return `pricing ${input.pricing}, this benchmark is ${selection.pricing}`;
    if (!selection.offerings.includes(input.offering)) return `offering ${input.offering} is not a dedicated GPU rental`;
    if (input.usdPerHour === 0) return 'zero price';
    const contributor = selection.providerAliases[input.provider] ?? input.provider;
    return {
      input,
      contributor,
      model: selection.gpuClass,
      routeKey: `${contributor}|${selection.gpuClass}`,
      rank: 0,
      regional: false,
      priceUsd,
    };
  }
  return `malformed: a ${input.kind} input for a ${methodology.family} benchmark`;
}

function chooseLevel(methodology: Methodology, candidates: readonly Candidate[]): InputLevel | null {
  const first = candidates[0]?.input.level;
  if (candidates.every((candidate) => candidate.input.level === first)) return first ?? null;
  const contributors = new Map<InputLevel, Set<string>>();
  for (const candidate of candidates) {
    let set = contributors.get(candidate.input.level);
    if (set === undefined) contributors.set(candidate.input.level, (set = new Set<string>()));
    set.add(candidate.contributor);
  }
  const withQuorum = inputLevels.find((level) => (contributors.get(level)?.size ?? 0) >= methodology.quorum.contributorsMin);
  return withQuorum ?? inputLevels.find((level) => (contributors.get(level)?.size ?? 0) > 0) ?? null;
}

/** Groups by key, in the order of first appearance (inputs are sorted, so this is canonical). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): IterableIterator<T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups.values();
}

const byRoutePreference = (a: Candidate, b: Candidate): number =>
  Number(a.regional) - Number(b.regional) ||
  a.input.product.length - b.input.product.length ||
  compareText(a.input.product, b.input.product) ||
  compareText(a.input.obsId, b.input.obsId);

/** First day of the rebalance period holding `date` (months: starts of periods); '' without a schedule. */
export function rebalancePeriodStart(date: string, months: readonly number[]): string {
  if (months.length === 0) return '';
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const sorted = [...months].sort((a, b) => a - b);
  const start = sorted.filter((m) => m <= month).pop();
  const [y, m] = start === undefined ? [year - 1, sorted[sorted.length - 1] ?? 1] : [year, start];
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/**
 * Token: per route (contributor and model, or contributor and line) the constituent model,
 * then of its keys the global one, then the shortest, then alphabetical. The constituent:
 * by model, the highest rank present; by line, the model that counted last (kept until the
 * next rebalance period starts, or until it is gone), else the highest rank present.
 */
function tokenRoutes(
  methodology: Methodology,
  date: string,
  candidates: readonly Candidate[],
  previousEffective: ReadonlyMap<string, EffectivePrice>,
  exclude: Exclude,
): Route[] {
  const selection = methodology.selection;
  assert(selection.kind === 'token', 'token routes of a token benchmark');
  const byLine = selection.succession.routeBy === 'line';
  const months = selection.succession.rebalanceMonths;
  const period = byLine ? rebalancePeriodStart(date, months) : '';
  const routes: Route[] = [];
  for (const group of groupBy(candidates, (c) => (byLine ? c.routeKey : c.contributor))) {
    let top = group[0];
    assert(top !== undefined, 'a group has a member');
    for (const c of group) if (c.rank > top.rank) top = c;
    let chosenRank = top.rank;
    let waitsUntil: string | null = null;
    const before = byLine ? previousEffective.get(top.routeKey) : undefined;
    if (before !== undefined && months.length > 0 && rebalancePeriodStart(before.date, months) === period) {
      const kept = group.find((c) => c.model === before.product);
      if (kept !== undefined && kept.rank < top.rank) {
        chosenRank = kept.rank;
        waitsUntil = nextPeriodStart(date, months);
      }
    }
    const best = group.length === 1 ? top : group.filter((c) => c.rank === chosenRank).sort(byRoutePreference)[0];
    assert(best !== undefined, 'a group has a member of the chosen rank');
    for (const other of group) {
      if (other === best) continue;
      if (other.rank < chosenRank) exclude(other.input.obsId, 'ineligible', `superseded by ${best.model} at ${best.contributor}`);
      else if (other.rank > chosenRank)
        exclude(
          other.input.obsId,
          'ineligible',
          `successor of ${best.model} at ${best.contributor}: replaces it at the rebalance on ${String(waitsUntil)}`,
        );
      else exclude(other.input.obsId, 'duplicate_route', `${best.contributor} already counts through ${best.input.product}`);
    }
    routes.push({
      routeKey: best.routeKey,
      contributor: best.contributor,
      product: best.model,
      obsIds: [best.input.obsId],
      priceUsd: best.priceUsd,
    });
  }
  return routes.sort((a, b) => compareText(a.routeKey, b.routeKey));
}

function nextPeriodStart(date: string, months: readonly number[]): string {
  const sorted = [...months].sort((a, b) => a - b);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const next = sorted.find((m) => m > month);
  const [y, m] = next === undefined ? [year + 1, sorted[0] ?? 1] : [year, next];
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/** Compute: per contributor and snapshot the cheapest configuration; per day the median over snapshots. */
function computeRoutes(candidates: readonly Candidate[], exclude: Exclude): Route[] {
  // One pass: the cheapest per (route, snapshot), ties to the smaller obsId; the other one
  // of each comparison is excluded at once (the detail names the route, the same for all).
  const bestBy = new Map<string, Map<string, Candidate>>();
  for (const c of candidates) {
    let snapshots = bestBy.get(c.routeKey);
    if (snapshots === undefined) bestBy.set(c.routeKey, (snapshots = new Map<string, Candidate>()));
    const best = snapshots.get(c.input.snapshot);
    if (best === undefined) {
      snapshots.set(c.input.snapshot, c);
      continue;
    }
    const better = c.priceUsd < best.priceUsd || (c.priceUsd === best.priceUsd && c.input.obsId < best.input.obsId);
    if (better) snapshots.set(c.input.snapshot, c);
    exclude(
      (better ? best : c).input.obsId,
      'duplicate_route',
      `${c.contributor} offers a cheaper ${c.model} configuration in this snapshot`,
    );
  }
  const routes: Route[] = [];
  for (const routeKey of [...bestBy.keys()].sort(compareText)) {
    const snapshots = bestBy.get(routeKey);
    assert(snapshots !== undefined, 'a route has snapshots');
    // The median does not depend on order; the ids are listed in code-unit order (the default sort).
    const chosen = [...snapshots.values()];
    const first = chosen[0];
    assert(first !== undefined, 'a route has a snapshot');
    routes.push({
      routeKey,
      contributor: first.contributor,
      product: first.model,
      obsIds: chosen.map((c) => c.input.obsId).sort(),
      priceUsd: chosen.length === 1 ? first.priceUsd : median(chosen.map((c) => c.priceUsd)),
    });
  }
  return routes;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function weightOf(methodology: Methodology, contributor: string): number {
  return compiled(methodology).weights.get(contributor) ?? 1;
}

function weighted(methodology: Methodology, route: Route): { key: string; priceUsd: number; weight: number } {
  return { key: route.routeKey, priceUsd: route.priceUsd, weight: weightOf(methodology, route.contributor) };
}

function sortExclusions(exclusions: Exclusion[]): Exclusion[] {
  return exclusions.sort((a, b) => compareText(a.obsId, b.obsId) || compareText(a.reason, b.reason) || compareText(a.detail, b.detail));
}

interface FixingBase {
  readonly args: FixingArgs;
  readonly inputs: readonly FixingInput[];
  readonly exclusions: readonly Exclusion[];
  readonly screen: Screen;
  readonly level: InputLevel | null;
}

/** Effective prices remembered for routes that did not count today, while younger than `memoryDays`. */
function remembered(methodology: Methodology, date: string, previous: ChainState, skip: ReadonlySet<string>): EffectivePrice[] {
  if (previous.effective.length === 0) return [];
  return previous.effective.filter((entry) => !skip.has(entry.key) && daysBetween(entry.date, date) <= methodology.chain.memoryDays);
}

function noValueFixing(base: FixingBase): Fixing {
  const { methodology, date, previous } = base.args;
  const carry =
    previous.lastValue !== null &&
    previous.lastValueDate !== null &&
    daysBetween(previous.lastValueDate, date) <= methodology.fallback.carryForwardDaysMax;
  // A point without a value cannot anchor: the anchoring stays pending for the next point.
  const pending = previous.anchor.pending;
  const reason = previous.lastValue === null || pending === 'restart' ? null : pointReason(methodology, date, pending);
  const anchoring: Anchoring | null =
    reason === null
      ? null
      : {
          reason,
          applied: false,
          previousValue: previous.lastValue,
          anchorUsd: null,
          level: null,
          window: [],
          detail: 'no value on the anchoring point: pending until the next point',
        };
  return record(base, {
    anchoring,
    contributions: [],
    spotUsd: null,
    link: 0,
    value: carry ? previous.lastValue : null,
    confidence: carry ? 'fallback' : 'none',
    contributorCount: 0,
    matchedCount: 0,
    constituentChange: false,
    next: {
      lastValue: previous.lastValue,
      lastValueDate: previous.lastValueDate,
      effective: remembered(methodology, date, previous, new Set()),
      included: [],
      window: windowOn(methodology, date, previous.window, null),
      anchor: reason === null ? previous.anchor : { ...previous.anchor, pending: pending ?? 'missed_point' },
    },
  });
}

/**
 * The reason an anchoring point falls on `date` (step 10), or null when it is not one: the
 * first day of a scheduled month (the pending reason if any, else `scheduled`), or of a
 * pending month while an anchoring is pending; every day while a restart waits for its window.
 */
export function pointReason(methodology: Methodology, date: string, pending: AnchoringReason | null): AnchoringReason | null {
  if (pending === 'restart') return pending;
  if (date.slice(8, 10) !== '01') return null;
  const month = Number(date.slice(5, 7));
  const { months, pendingMonths } = methodology.anchoring;
  if (months.includes(month)) return pending ?? 'scheduled';
  return pending !== null && pendingMonths.includes(month) ? pending : null;
}

/** The window handed to the next fixing: spots younger than `windowDays` days after `date`, and the day's own. */
function windowOn(methodology: Methodology, date: string, window: readonly WindowSpot[], today: WindowSpot | null): WindowSpot[] {
  const days = methodology.anchoring.windowDays;
  const kept = window.filter((spot) => daysBetween(spot.date, date) < days);
  if (today !== null && days > 0) kept.push(today);
  return kept;
}

interface Anchored {
  /** The chain's base: the previous value, or the anchor; null while a restart waits for its window (no value). */
  readonly baseValue: string | null;
  readonly anchoring: Anchoring | null;
  readonly anchor: AnchorState;
}

/**
 * Step 10: the chain's base for a fixing with routes. Whether and to what it anchors depends
 * on the previous state only (no input of the day can switch an anchoring on or off):
 * - a restart: the previous value is older than the carry-forward limit (the series published
 *   no value). It anchors as soon as the window holds enough spots published after the gap
 *   (normal or low confidence); until then the fixing publishes its spot and no value;
 * - otherwise on a point (step 10): the window's spots at the input level of its latest spot
 *   with confidence normal; an input level other than the anchored one is a pending switch.
 */
function anchored(methodology: Methodology, date: string, previous: ChainState): Anchored {
  const lastValue = previous.lastValue;
  const lastValueDate = previous.lastValueDate;
  assert(lastValue !== null && lastValueDate !== null, 'anchoring applies to a chain with a value');
  const restart = previous.anchor.pending === 'restart' || daysBetween(lastValueDate, date) > methodology.fallback.carryForwardDaysMax;
  const latest = previous.window[previous.window.length - 1];
  const level = latest?.level ?? previous.anchor.level;
  const pending: AnchoringReason | null = restart
    ? 'restart'
    : (previous.anchor.pending ?? (level !== previous.anchor.level ? 'input_level_switch' : null));
  const reason = pointReason(methodology, date, pending);
  if (reason === null) return { baseValue: lastValue, anchoring: null, anchor: { ...previous.anchor, pending } };
  const window = previous.window.filter((spot) =>
    restart ? spot.level === level && spot.date > lastValueDate : spot.level === level && spot.confidence === 'normal',
  );
  const min = methodology.anchoring.windowFixingsMin;
  if (level === null || window.length < min || window.length === 0) {
    return {
      baseValue: restart ? null : lastValue,
      anchoring: {
        reason,
        applied: false,
        previousValue: lastValue,
        anchorUsd: null,
        level,
        window,
        detail:
          `${window.length} window fixings at level ${String(level)}` +
          (restart ? ` published after ${lastValueDate}` : ' with confidence normal') +
          `, at least ${min} needed: ` +
          (restart ? 'no value until the window holds them' : 'pending until the next point'),
      },
      anchor: { ...previous.anchor, pending: pending ?? 'missed_point' },
    };
  }
  const anchorUsd = exactMean(
    window.map((spot) => spot.spotUsd),
    methodology.publication.decimals,
  );
  return {
    baseValue: anchorUsd,
    anchoring: {
      reason,
      applied: true,
      previousValue: lastValue,
      anchorUsd,
      level,
      window,
      detail: `mean of ${window.length} spots at level ${level} from ${window[0]?.date ?? ''} to ${window[window.length - 1]?.date ?? ''}`,
    },
    anchor: { date, level, pending: null },
  };
}

function valueFixing(base: FixingBase, routes: readonly Route[], previousEffective: ReadonlyMap<string, EffectivePrice>): Fixing {
  const { methodology, date, previous } = base.args;
  const cap = methodology.chain.relativeCap;
  const spot = weightedMedian(routes.map((route) => weighted(methodology, route)));
  let weightSum = 0;
  let weightedLogs = 0;
  let matchedCount = 0;
  let modelChanged = false;
  // Plain literals of one shape (no spreads): this loop runs once per route.
  const contributions: Contribution[] = routes.map((route) => {
    const before = previousEffective.get(route.routeKey);
    const weight = weightOf(methodology, route.contributor);
    weightSum += weight;
    if (before === undefined) {
      return {
        key: route.routeKey,
        contributor: route.contributor,
        product: route.product,
        obsIds: route.obsIds,
        priceUsd: route.priceUsd,
        weight,
        previousEffectiveUsd: null,
        effectiveUsd: roundHalfEvenNumber(route.priceUsd, statePlaces),
        logRelative: null,
      };
    }
    if (before.product !== route.product) modelChanged = true;
    const capped = clamp(route.priceUsd, before.priceUsd / (1 + cap), before.priceUsd * (1 + cap));
    const effectiveUsd = roundHalfEvenNumber(capped, statePlaces);
    const logRelative = Math.log(effectiveUsd / before.priceUsd);
    // Entering routes count with a zero relative: a route's influence is bounded by its
    // weight share among all routes that count today, even when few are matched.
    weightedLogs += weight * logRelative;
    matchedCount++;
    return {
      key: route.routeKey,
      contributor: route.contributor,
      product: route.product,
      obsIds: route.obsIds,
      priceUsd: route.priceUsd,
      weight,
      previousEffectiveUsd: before.priceUsd,
      effectiveUsd,
      logRelative,
    };
  });
  const link = weightedLogs / weightSum;
  const decimals = methodology.publication.decimals;
  const level = base.level;
  assert(level !== null, 'a fixing with routes has an input level');
  const screenLow = base.screen.reference === 'not_applied';
  const confidence = routes.length >= methodology.quorum.contributorsMin && !screenLow ? 'normal' : 'low';
  const spotUsd = roundHalfEven(spot, decimals);
  const today: WindowSpot = { date, spotUsd, level, confidence };
  const step: Anchored =
    previous.lastValue === null
      ? {
          baseValue: spotUsd,
          anchoring: null,
          anchor: { date, level, pending: confidence === 'normal' ? null : 'low_confidence_inception' },
        }
      : anchored(methodology, date, previous);
  const value =
    previous.lastValue === null
      ? spotUsd
      : step.baseValue === null
        ? null
        : roundHalfEven(Number(step.baseValue) * Math.exp(link), decimals);
  const included = contributions.map((c) => c.key);
  const includedSet = new Set(included);
  const effective = mergeByKey(
    contributions.map((c) => ({ key: c.key, product: c.product, priceUsd: c.effectiveUsd, date })),
    remembered(methodology, date, previous, includedSet),
  );
  const sameSet = previous.included.length === included.length && previous.included.every((key) => includedSet.has(key));
  return record(base, {
    anchoring: step.anchoring,
    contributions,
    spotUsd,
    link,
    value,
    confidence: value === null ? 'none' : confidence,
    contributorCount: routes.length,
    matchedCount,
    constituentChange: previous.lastValue !== null && (!sameSet || modelChanged),
    next: {
      lastValue: value ?? previous.lastValue,
      lastValueDate: value === null ? previous.lastValueDate : date,
      effective,
      included,
      window: windowOn(methodology, date, previous.window, today),
      anchor: step.anchor,
    },
  });
}

/** Two lists sorted by key, merged (keys are disjoint). */
function mergeByKey(a: readonly EffectivePrice[], b: readonly EffectivePrice[]): EffectivePrice[] {
  if (b.length === 0) return a as EffectivePrice[];
  return [...a, ...b].sort((x, y) => compareText(x.key, y.key));
}

type FixingBody = Omit<
  Fixing,
  | 'type'
  | 'benchmarkId'
  | 'methodologyVersion'
  | 'methodologyHash'
  | 'date'
  | 'inputs'
  | 'previous'
  | 'exclusions'
  | 'outlierReference'
  | 'outlierCenterUsd'
  | 'inputLevel'
>;

/** The whole record as one literal of a fixed shape (a spread would be slower, once per day). */
function record(base: FixingBase, body: FixingBody): Fixing {
  const { methodology, methodologyHash, date, previous } = base.args;
  return {
    type: 'fixing',
    benchmarkId: methodology.id,
    methodologyVersion: methodology.version,
    methodologyHash,
    date,
    inputs: base.inputs,
    previous,
    exclusions: base.exclusions,
    outlierReference: base.screen.reference,
    outlierCenterUsd: base.screen.centerUsd,
    contributions: body.contributions,
    spotUsd: body.spotUsd,
    link: body.link,
    value: body.value,
    confidence: body.confidence,
    contributorCount: body.contributorCount,
    matchedCount: body.matchedCount,
    constituentChange: body.constituentChange,
    inputLevel: base.level,
    anchoring: body.anchoring,
    next: body.next,
  };
}
