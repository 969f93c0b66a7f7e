/**
 * The benchmark context's vocabulary: methodologies (as data), observations handed in
 * by the data adapters, fixing inputs, exclusions, chain state and fixing records.
 *
 * Everything here is plain immutable data so that a fixing can be written to the audit
 * trail as JSON and recomputed from it. Prices inside a fixing are JavaScript numbers
 * (analytics, DESIGN.md section 4); published values are decimal strings rounded once
 * by `rounding.ts`.
 */

export const benchmarkFamilies = ['token', 'compute'] as const;
export type BenchmarkFamily = (typeof benchmarkFamilies)[number];

/** IOSCO principle 8 input hierarchy, best first. */
export const inputLevels = ['transaction', 'executable_quote', 'list_price'] as const;
export type InputLevel = (typeof inputLevels)[number];

/** Why an input did not count, in the order the fixing procedure applies the rules. */
export const exclusionReasons = [
  'malformed',
  'ineligible',
  'stale',
  'lower_input_level',
  'duplicate_route',
  'outlier',
  'below_quorum',
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export const confidenceLevels = ['normal', 'low', 'fallback', 'none'] as const;
/**
 * normal: quorum met; low: 1..quorum-1 contributors, or the outlier rule could not run (1 to
 * min-1 reference prices); fallback: last value carried; none: no value.
 */
export type Confidence = (typeof confidenceLevels)[number];

// ---------------------------------------------------------------------------
// Methodology (versioned data, hash-locked).

export interface TokenConstituentRule {
  /** Product line, e.g. "llama-3.x-70b-instruct" or "openai-flagship". */
  readonly line: string;
  /** Generation name shown in the audit, e.g. "gpt-4o". */
  readonly model: string;
  /** Raw providers this rule applies to; null: any provider. */
  readonly providers: readonly string[] | null;
  /** Regular expression (case-insensitive) over the model key. */
  readonly keyPattern: string;
  /** Higher rank supersedes lower rank at the same contributor (succession). */
  readonly rank: number;
}

export interface TokenSelection {
  readonly kind: 'token';
  /** Blend weights: parts of input and output tokens in the reference mix. */
  readonly blend: { readonly inputParts: number; readonly outputParts: number };
  readonly constituents: readonly TokenConstituentRule[];
  /** Raw provider id to contributor id (same company under several ids). */
  readonly providerAliases: Readonly<Record<string, string>>;
  /** Raw provider id to the reason it is not eligible (resellers, gateways). */
  readonly ineligibleProviders: Readonly<Record<string, string>>;
  /** Keys that name a variant (fine-tune, distillation, free tier): ineligible. Null: none. */
  readonly variantPattern: string | null;
  /** Keys that name a regional endpoint: ranked after the global route. Null: none. */
  readonly regionalPattern: string | null;
  readonly succession: TokenSuccession;
}

/**
 * How a successor model (higher rank, same line, same contributor) takes over.
 * `model`: the route is (contributor, model); a successor supersedes at once and enters
 * as a new route, so its price level is linked away by the chain (like-for-like index).
 * `line`: the route is (contributor, line); a successor replaces its predecessor at the
 * first fixing of a rebalance period (or at once if the predecessor is gone) and
 * continues the line's route, so its price difference passes into the value through the
 * daily cap (price of the line's current capability).
 */
export interface TokenSuccession {
  readonly routeBy: 'model' | 'line';
  /** Months (1-12) whose first day starts a rebalance period; empty: no schedule (replace at once). */
  readonly rebalanceMonths: readonly number[];
}

export interface ComputeSelection {
  readonly kind: 'compute';
  /** GPU class, e.g. "H100". */
  readonly gpuClass: string;
  /** Source GPU names that belong to the class. */
  readonly gpuModels: readonly string[];
  readonly pricing: 'on_demand' | 'spot';
  /** Offerings that are eligible (dedicated servers); others are recorded as ineligible. */
  readonly offerings: readonly string[];
  readonly providerAliases: Readonly<Record<string, string>>;
}

export interface Methodology {
  readonly id: string;
  readonly version: string;
  readonly family: BenchmarkFamily;
  readonly title: string;
  readonly unit: string;
  readonly selection: TokenSelection | ComputeSelection;
  /** Contributor weights: 1 each unless listed. */
  readonly weights: { readonly rule: 'equal_per_contributor'; readonly overrides: Readonly<Record<string, number>> };
  /** Largest age in days (fixing date minus last confirmation) per input level. */
  readonly staleDaysMax: Readonly<Record<InputLevel, number>>;
  readonly outlier: {
    /** Excluded when price / reference is above this or below its inverse; null: rule off. */
    readonly crossSectionFactorMax: number | null;
    /**
     * Least number of reference prices for the cross-section rule. The reference is the
     * weighted median of the chain state's effective prices (fixed before the day's inputs
     * are seen); with none (inception, after a gap) the day's prices, if at least this many
     * routes; with 1 to this minus 1 the rule does not run and the fixing is flagged low.
     */
    readonly crossSectionContributorsMin: number;
    /** Excluded when price / the contributor's previous effective price is beyond this factor. */
    readonly jumpFactorMax: number;
  };
  readonly quorum: { readonly contributorsMin: number; readonly below: 'flag_low_confidence' | 'no_value' };
  readonly chain: {
    /** Largest daily change of a contributor's effective price, as a fraction (0.1 = 10%). */
    readonly relativeCap: number;
    /** Days a contributor's effective price is remembered after it last counted. */
    readonly memoryDays: number;
  };
  readonly fallback: { readonly carryForwardDaysMax: number };
  /**
   * Scheduled re-anchoring of the chained value to the market level (methodology 1.2.0,
   * ADR 0008). At an anchoring point the chain's base (the previous value) is replaced by
   * the anchor: the exact mean of the published spots of the fixings of the `windowDays`
   * days before the point that have a computed value (confidence normal or low) at the
   * day's input level; the day's link then applies as on any day. No input of the day can
   * move the anchor (it is known when the previous fixing is published).
   */
  readonly anchoring: {
    /** Months whose first day is a scheduled anchoring point (every benchmark: quarterly). */
    readonly months: readonly number[];
    /**
     * Months whose first day is a point for a pending anchoring: after an input-level switch,
     * a restart after a gap, a low-confidence inception, or a scheduled point that could not
     * anchor (too few window fixings, or no value that day).
     */
    readonly pendingMonths: readonly number[];
    readonly windowDays: number;
    /** Least number of window fixings at the day's input level; fewer: the anchoring stays pending. */
    readonly windowFixingsMin: number;
  };
  readonly publication: { readonly decimals: number; readonly rounding: 'half_even' };
}

// ---------------------------------------------------------------------------
// Observations (what the adapters hand in) and fixing inputs (what a fixing records).

export interface TokenObservation {
  readonly kind: 'token';
  /** Stable id: repository-relative file and line, e.g. "token-prices/litellm-history.csv:12". */
  readonly obsId: string;
  /** First day this price was seen (change rows). */
  readonly date: string;
  readonly provider: string;
  readonly product: string;
  readonly inputUsdPerMtok: number;
  readonly outputUsdPerMtok: number;
}

export interface ListingEvent {
  readonly obsId: string;
  readonly date: string;
  readonly provider: string;
  readonly product: string;
  readonly event: 'listed' | 'delisted';
}

export interface ComputeObservation {
  readonly kind: 'compute';
  readonly obsId: string;
  readonly date: string;
  /** Intraday snapshot instant (ISO 8601) or the date for daily sources. */
  readonly snapshot: string;
  /** `full_snapshot`: a complete table in force until the next one; `intraday_quote`: counts on its own day only. */
  readonly mode: 'full_snapshot' | 'intraday_quote';
  /** Table the snapshot belongs to (versions are per group), e.g. "fsdl/server". */
  readonly group: string;
  readonly level: InputLevel;
  readonly provider: string;
  readonly product: string;
  readonly pricing: string;
  readonly offering: string;
  readonly gpuCount: number;
  readonly usdPerHour: number;
}

/** A row the adapter could not turn into an observation: reported with file and line. */
export interface InputRejection {
  readonly family: BenchmarkFamily;
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface BenchmarkData {
  readonly tokenRows: readonly TokenObservation[];
  readonly tokenListings: readonly ListingEvent[];
  /** Dates on which the whole token source was re-read (every listed price confirmed). */
  readonly tokenVersionDates: readonly string[];
  readonly computeRows: readonly ComputeObservation[];
  readonly rejections: readonly InputRejection[];
}

export interface TokenFixingInput {
  readonly kind: 'token';
  readonly obsId: string;
  readonly provider: string;
  readonly product: string;
  readonly level: InputLevel;
  /** Latest date the source confirmed this price. */
  readonly observedDate: string;
  readonly snapshot: string;
  readonly inputUsdPerMtok: number;
  readonly outputUsdPerMtok: number;
}

export interface ComputeFixingInput {
  readonly kind: 'compute';
  readonly obsId: string;
  readonly provider: string;
  readonly product: string;
  readonly level: InputLevel;
  readonly observedDate: string;
  readonly snapshot: string;
  readonly pricing: string;
  readonly offering: string;
  readonly gpuCount: number;
  readonly usdPerHour: number;
}

export type FixingInput = TokenFixingInput | ComputeFixingInput;

// ---------------------------------------------------------------------------
// Fixing records.

export interface Exclusion {
  readonly obsId: string;
  readonly reason: ExclusionReason;
  readonly detail: string;
}

export interface EffectivePrice {
  /** Route key: contributor and model (or line), e.g. "together_ai|llama-3.3-70b-instruct". */
  readonly key: string;
  /** Model (or GPU class) that counted for the route, e.g. "gpt-5.1". */
  readonly product: string;
  readonly priceUsd: number;
  readonly date: string;
}

/** Where the cross-section outlier rule took its reference from (step 6b). */
export const outlierReferences = ['chain_state', 'day_inputs', 'not_applied', 'off'] as const;
export type OutlierReference = (typeof outlierReferences)[number];

/** Why an anchoring point re-anchors (or tried to): ADR 0008. */
export const anchoringReasons = ['scheduled', 'input_level_switch', 'restart', 'low_confidence_inception', 'missed_point'] as const;
export type AnchoringReason = (typeof anchoringReasons)[number];

/** A published spot remembered for the anchoring window. */
export interface WindowSpot {
  readonly date: string;
  readonly spotUsd: string;
  readonly level: InputLevel;
  readonly confidence: 'normal' | 'low';
}

/** The level the chain was last anchored to, and why the next anchoring point must re-anchor (null: only if scheduled). */
export interface AnchorState {
  readonly date: string | null;
  readonly level: InputLevel | null;
  readonly pending: AnchoringReason | null;
}

/** What one fixing hands to the next: the chain's memory. */
export interface ChainState {
  readonly lastValue: string | null;
  readonly lastValueDate: string | null;
  readonly effective: readonly EffectivePrice[];
  /** Route keys that counted in the last fixing, sorted. */
  readonly included: readonly string[];
  /** Spots of the fixings with a computed value within the anchoring window, oldest first. */
  readonly window: readonly WindowSpot[];
  readonly anchor: AnchorState;
}

/** An anchoring point's record: the old level, the new one and the reason (`applied` false: it stays pending). */
export interface Anchoring {
  readonly reason: AnchoringReason;
  readonly applied: boolean;
  /** The chain's base before: the previous published value. */
  readonly previousValue: string | null;
  /** The new base: exact mean of the window spots, 1e-6 half-even; null when not applied. */
  readonly anchorUsd: string | null;
  readonly level: InputLevel | null;
  readonly window: readonly WindowSpot[];
  readonly detail: string;
}

export interface Contribution {
  readonly key: string;
  readonly contributor: string;
  readonly product: string;
  readonly obsIds: readonly string[];
  /** Price in the reference unit (blended or per GPU-hour), before rounding. */
  readonly priceUsd: number;
  readonly weight: number;
  readonly previousEffectiveUsd: number | null;
  readonly effectiveUsd: number;
  /** ln(effective / previous effective), null for a route entering today. */
  readonly logRelative: number | null;
}

export interface Fixing {
  readonly type: 'fixing';
  readonly benchmarkId: string;
  readonly methodologyVersion: string;
  readonly methodologyHash: string;
  readonly date: string;
  readonly inputs: readonly FixingInput[];
  readonly previous: ChainState;
  readonly contributions: readonly Contribution[];
  readonly exclusions: readonly Exclusion[];
  /** Reference of the cross-section outlier rule and its value (null when not applied). */
  readonly outlierReference: OutlierReference;
  readonly outlierCenterUsd: number | null;
  readonly spotUsd: string | null;
  readonly link: number;
  readonly value: string | null;
  readonly confidence: Confidence;
  readonly contributorCount: number;
  readonly matchedCount: number;
  readonly constituentChange: boolean;
  /** Input level the fixing used (step 4); null when no input was eligible. */
  readonly inputLevel: InputLevel | null;
  /** The anchoring of this fixing's date, if it is an anchoring point (step 10); null otherwise. */
  readonly anchoring: Anchoring | null;
  readonly next: ChainState;
}

export const emptyChainState: ChainState = {
  lastValue: null,
  lastValueDate: null,
  effective: [],
  included: [],
  window: [],
  anchor: { date: null, level: null, pending: null },
};
