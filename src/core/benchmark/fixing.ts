/**
 * One fixing: the day's candidate inputs and the previous chain state in, a complete
 * fixing record out (every input, every exclusion with its reason, the value and its
 * confidence). Pure and order-independent: inputs are sorted first.
 *
 * Procedure (docs/methodology/README.md, "Formula", steps 1-9):
 *  1. price each input in the reference unit (token: blend of input and output prices;
 *     compute: instance price / GPU count); 2. eligibility; 3. staleness; 4. input
 *     hierarchy (best level with a quorum); 5. one route per contributor and product;
 *  6. outliers (jump from the contributor's previous effective price, then distance
 *     from the cross-section's weighted median); 7. quorum; 8. spot = weighted median;
 *  9. chain link = weighted mean of capped log price relatives of routes that counted
 *     before; value = previous published value * exp(link), rounded half-even to 1e-6.
 *
 * Complexity O(n log n) in the number of inputs. Known limits: the cross-section rule is
 * one pass (no iteration); regular expressions are compiled once per methodology.
 */
import { assert } from '../kernel/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { daysBetween, isCivilDate } from './civil-date.ts';
import { roundHalfEven, roundHalfEvenNumber, statePlaces } from './rounding.ts';
import type {
  ChainState,
  Contribution,
  EffectivePrice,
  Exclusion,
  ExclusionReason,
  Fixing,
  FixingInput,
  InputLevel,
  Methodology,
  TokenConstituentRule,
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
  readonly model: string;
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
  readonly rules: readonly { readonly rule: TokenConstituentRule; readonly pattern: RegExp }[];
  readonly variant: RegExp | null;
  readonly regional: RegExp | null;
}

const compiledCache = new WeakMap<Methodology, Compiled>();

function compiled(methodology: Methodology): Compiled {
  const cached = compiledCache.get(methodology);
  if (cached !== undefined) return cached;
  const selection = methodology.selection;
  const result: Compiled =
    selection.kind === 'token'
      ? {
          rules: selection.constituents.map((rule) => ({ rule, pattern: new RegExp(rule.keyPattern, 'i') })),
          variant: selection.variantPattern === null ? null : new RegExp(selection.variantPattern, 'i'),
          regional: selection.regionalPattern === null ? null : new RegExp(selection.regionalPattern, 'i'),
        }
      : { rules: [], variant: null, regional: null };
  compiledCache.set(methodology, result);
  return result;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareInputs(a: FixingInput, b: FixingInput): number {
  const order = compareText(a.obsId, b.obsId) || compareText(a.snapshot, b.snapshot);
  return order !== 0 ? order : compareText(canonicalJson(a), canonicalJson(b));
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

export function computeFixing(args: FixingArgs): Fixing {
  const { methodology, date, previous } = args;
  assert(isCivilDate(date), `fixing date ${date} is not a calendar date`);
  const inputs = [...args.inputs].sort(compareInputs);
  const exclusions: Exclusion[] = [];
  const exclude = (obsId: string, reason: ExclusionReason, detail: string): void => {
    exclusions.push({ obsId, reason, detail });
  };

  // Steps 1-3: price, eligibility, staleness.
  let candidates: Candidate[] = [];
  for (const input of inputs) {
    const verdict = classify(methodology, input);
    if (typeof verdict === 'string') {
      exclude(input.obsId, verdict.startsWith('malformed') ? 'malformed' : 'ineligible', verdict);
      continue;
    }
    const ageDays = isCivilDate(input.observedDate) ? daysBetween(input.observedDate, date) : Number.NaN;
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
  candidates = candidates.filter((candidate) => {
    if (candidate.input.level === level) return true;
    exclude(candidate.input.obsId, 'lower_input_level', `level ${candidate.input.level}; this fixing uses ${String(level)}`);
    return false;
  });

  // Step 5: one route per contributor and product.
  let routes =
    methodology.selection.kind === 'token' ? tokenRoutes(candidates, exclude) : computeRoutes(candidates, exclude);

  // Step 6: outliers.
  const previousEffective = new Map(previous.effective.map((entry) => [entry.key, entry]));
  const jump = methodology.outlier.jumpFactorMax;
  routes = routes.filter((route) => {
    const before = previousEffective.get(route.routeKey);
    if (before === undefined) return true;
    const ratio = route.priceUsd / before.priceUsd;
    if (ratio <= jump && ratio >= 1 / jump) return true;
    for (const obsId of route.obsIds) exclude(obsId, 'outlier', `moved x${ratio.toPrecision(4)} from effective ${before.priceUsd}, limit x${jump}`);
    return false;
  });
  const factor = methodology.outlier.crossSectionFactorMax;
  if (factor !== null && routes.length >= methodology.outlier.crossSectionContributorsMin) {
    const center = weightedMedian(routes.map((route) => weighted(methodology, route)));
    routes = routes.filter((route) => {
      const ratio = route.priceUsd / center;
      if (ratio <= factor && ratio >= 1 / factor) return true;
      for (const obsId of route.obsIds) exclude(obsId, 'outlier', `x${ratio.toPrecision(4)} of the median ${center}, limit x${factor}`);
      return false;
    });
  }

  // Step 7: quorum.
  const quorum = methodology.quorum.contributorsMin;
  if (routes.length > 0 && routes.length < quorum && methodology.quorum.below === 'no_value') {
    for (const route of routes) for (const obsId of route.obsIds) exclude(obsId, 'below_quorum', `${routes.length} of ${quorum} contributors`);
    routes = [];
  }

  const base = { args, inputs, exclusions: sortExclusions(exclusions) };
  if (routes.length === 0) return noValueFixing(base);
  return valueFixing(base, routes, previousEffective);
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
    const { rules, variant, regional } = compiled(methodology);
    const match = rules.find(
      ({ rule, pattern }) => (rule.providers === null || rule.providers.includes(input.provider)) && pattern.test(input.product),
    );
    if (match === undefined) return 'not a constituent route of this benchmark';
    if (variant?.test(input.product) === true) return 'variant (fine-tune, distillation, promotional or special tier), not the base model';
    if (input.inputUsdPerMtok === 0 || input.outputUsdPerMtok === 0) return 'zero price (free or promotional tier)';
    const contributor = selection.providerAliases[input.provider] ?? input.provider;
    return {
      input,
      contributor,
      model: match.rule.model,
      routeKey: `${contributor}|${match.rule.model}`,
      rank: match.rule.rank,
      regional: regional?.test(input.product) === true,
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
    return { input, contributor, model: selection.gpuClass, routeKey: `${contributor}|${selection.gpuClass}`, rank: 0, regional: false, priceUsd };
  }
  return `malformed: a ${input.kind} input for a ${methodology.family} benchmark`;
}

function chooseLevel(methodology: Methodology, candidates: readonly Candidate[]): InputLevel | null {
  const contributors = new Map<InputLevel, Set<string>>();
  for (const candidate of candidates) {
    const set = contributors.get(candidate.input.level) ?? new Set<string>();
    set.add(candidate.contributor);
    contributors.set(candidate.input.level, set);
  }
  const withQuorum = inputLevels.find((level) => (contributors.get(level)?.size ?? 0) >= methodology.quorum.contributorsMin);
  return withQuorum ?? inputLevels.find((level) => (contributors.get(level)?.size ?? 0) > 0) ?? null;
}

type Exclude = (obsId: string, reason: ExclusionReason, detail: string) => void;

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => compareText(a, b)));
}

/** Token: per contributor the highest-ranked model; of its routes the global one, then the shortest key. */
function tokenRoutes(candidates: readonly Candidate[], exclude: Exclude): Route[] {
  const routes: Route[] = [];
  for (const group of groupBy(candidates, (c) => c.contributor).values()) {
    const ordered = [...group].sort(
      (a, b) =>
        b.rank - a.rank ||
        Number(a.regional) - Number(b.regional) ||
        a.input.product.length - b.input.product.length ||
        compareText(a.input.product, b.input.product) ||
        compareText(a.input.obsId, b.input.obsId),
    );
    const best = ordered[0];
    assert(best !== undefined, 'a group has a member');
    for (const other of ordered.slice(1)) {
      if (other.rank < best.rank) exclude(other.input.obsId, 'ineligible', `superseded by ${best.model} at ${best.contributor}`);
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
  return routes;
}

/** Compute: per contributor and snapshot the cheapest configuration; per day the median over snapshots. */
function computeRoutes(candidates: readonly Candidate[], exclude: Exclude): Route[] {
  const routes: Route[] = [];
  for (const group of groupBy(candidates, (c) => c.routeKey).values()) {
    const chosen: Candidate[] = [];
    for (const snapshot of groupBy(group, (c) => c.input.snapshot).values()) {
      const ordered = [...snapshot].sort((a, b) => a.priceUsd - b.priceUsd || compareText(a.input.obsId, b.input.obsId));
      const best = ordered[0];
      assert(best !== undefined, 'a snapshot has a member');
      chosen.push(best);
      for (const other of ordered.slice(1)) {
        exclude(other.input.obsId, 'duplicate_route', `${best.contributor} offers a cheaper ${best.model} configuration in this snapshot`);
      }
    }
    const first = chosen[0];
    assert(first !== undefined, 'a route has a snapshot');
    routes.push({
      routeKey: first.routeKey,
      contributor: first.contributor,
      product: first.model,
      obsIds: chosen.map((c) => c.input.obsId),
      priceUsd: median(chosen.map((c) => c.priceUsd)),
    });
  }
  return routes;
}

function weighted(methodology: Methodology, route: Route): { key: string; priceUsd: number; weight: number } {
  return { key: route.routeKey, priceUsd: route.priceUsd, weight: methodology.weights.overrides[route.contributor] ?? 1 };
}

function sortExclusions(exclusions: Exclusion[]): Exclusion[] {
  return exclusions.sort((a, b) => compareText(a.obsId, b.obsId) || compareText(a.reason, b.reason) || compareText(a.detail, b.detail));
}

interface FixingBase {
  readonly args: FixingArgs;
  readonly inputs: readonly FixingInput[];
  readonly exclusions: readonly Exclusion[];
}

/** Effective prices remembered for routes that did not count today, while younger than `memoryDays`. */
function remembered(methodology: Methodology, date: string, previous: ChainState, skip: ReadonlySet<string>): EffectivePrice[] {
  return previous.effective.filter((entry) => !skip.has(entry.key) && daysBetween(entry.date, date) <= methodology.chain.memoryDays);
}

function noValueFixing(base: FixingBase): Fixing {
  const { methodology, date, previous } = base.args;
  const carry =
    previous.lastValue !== null &&
    previous.lastValueDate !== null &&
    daysBetween(previous.lastValueDate, date) <= methodology.fallback.carryForwardDaysMax;
  return {
    ...header(base),
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
    },
  };
}

function valueFixing(base: FixingBase, routes: readonly Route[], previousEffective: ReadonlyMap<string, EffectivePrice>): Fixing {
  const { methodology, date, previous } = base.args;
  const cap = methodology.chain.relativeCap;
  const spot = weightedMedian(routes.map((route) => weighted(methodology, route)));
  const contributions: Contribution[] = routes.map((route) => {
    const before = previousEffective.get(route.routeKey);
    const weight = methodology.weights.overrides[route.contributor] ?? 1;
    if (before === undefined) {
      const effectiveUsd = roundHalfEvenNumber(route.priceUsd, statePlaces);
      return { ...routeFields(route), weight, previousEffectiveUsd: null, effectiveUsd, logRelative: null };
    }
    const capped = Math.min(Math.max(route.priceUsd, before.priceUsd / (1 + cap)), before.priceUsd * (1 + cap));
    const effectiveUsd = roundHalfEvenNumber(capped, statePlaces);
    const logRelative = Math.log(effectiveUsd / before.priceUsd);
    return { ...routeFields(route), weight, previousEffectiveUsd: before.priceUsd, effectiveUsd, logRelative };
  });
  let weightSum = 0;
  let weightedLogs = 0;
  for (const c of contributions) {
    if (c.logRelative === null) continue;
    weightSum += c.weight;
    weightedLogs += c.weight * c.logRelative;
  }
  const link = weightSum > 0 ? weightedLogs / weightSum : 0;
  const value =
    previous.lastValue === null
      ? roundHalfEven(spot, methodology.publication.decimals)
      : roundHalfEven(Number(previous.lastValue) * Math.exp(link), methodology.publication.decimals);
  const included = contributions.map((c) => c.key);
  const includedSet = new Set(included);
  const effective = [
    ...contributions.map((c) => ({ key: c.key, priceUsd: c.effectiveUsd, date })),
    ...remembered(methodology, date, previous, includedSet),
  ].sort((a, b) => compareText(a.key, b.key));
  const sameSet = previous.included.length === included.length && previous.included.every((key) => includedSet.has(key));
  return {
    ...header(base),
    contributions,
    spotUsd: roundHalfEven(spot, methodology.publication.decimals),
    link,
    value,
    confidence: routes.length >= methodology.quorum.contributorsMin ? 'normal' : 'low',
    contributorCount: routes.length,
    matchedCount: contributions.filter((c) => c.logRelative !== null).length,
    constituentChange: previous.lastValue !== null && !sameSet,
    next: { lastValue: value, lastValueDate: date, effective, included },
  };
}

function routeFields(route: Route): Pick<Contribution, 'key' | 'contributor' | 'product' | 'obsIds' | 'priceUsd'> {
  return { key: route.routeKey, contributor: route.contributor, product: route.product, obsIds: route.obsIds, priceUsd: route.priceUsd };
}

function header(base: FixingBase): Pick<
  Fixing,
  'type' | 'benchmarkId' | 'methodologyVersion' | 'methodologyHash' | 'date' | 'inputs' | 'previous' | 'exclusions'
> {
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
  };
}
