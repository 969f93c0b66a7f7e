/**
 * The published methodologies: versioned data, each locked by the SHA-256 of its
 * canonical JSON. Changing any parameter changes the hash, so an audit trail states
 * exactly which rules produced it; a change is a new version (docs/methodology/README.md,
 * "Methodology changes").
 *
 * Token benchmarks blend input and output prices 3:1 (three input tokens per output
 * token, the mix of retrieval, chat and agent workloads whose prompts carry context).
 * GPU benchmarks are per GPU-hour, one per class and pricing (on-demand, spot).
 */
import { assert } from '../kernel/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex } from '../kernel/index.ts';
import type { ComputeSelection, Methodology, TokenConstituentRule } from './types.ts';

const dated = String.raw`(-\d{4}-\d{2}-\d{2}|-\d{8})?`;

/** A product line's succession: later entries supersede earlier ones at the same contributor. */
function succession(line: string, providers: readonly string[], steps: readonly [string, string][]): TokenConstituentRule[] {
  return steps.map(([model, keyPattern], index) => ({ line, model, providers, keyPattern, rank: index + 1 }));
}

const frontierConstituents: TokenConstituentRule[] = [
  ...succession(
    'openai-flagship',
    ['openai'],
    [
      ['gpt-4-turbo', String.raw`^gpt-4-turbo(-preview)?${dated}$`],
      ['gpt-4o', String.raw`^gpt-4o${dated}$`],
      ['gpt-4.1', String.raw`^gpt-4\.1${dated}$`],
      ['gpt-5', String.raw`^gpt-5${dated}$`],
      ['gpt-5.1', String.raw`^gpt-5\.1${dated}$`],
      ['gpt-5.2', String.raw`^gpt-5\.2${dated}$`],
      ['gpt-5.4', String.raw`^gpt-5\.4${dated}$`],
      ['gpt-5.5', String.raw`^gpt-5\.5${dated}$`],
      ['gpt-5.6', String.raw`^gpt-5\.6${dated}$`],
    ],
  ),
  ...succession(
    'anthropic-flagship',
    ['anthropic'],
    [
      ['claude-3-opus', String.raw`^claude-3-opus(-latest)?${dated}$`],
      ['claude-opus-4', String.raw`^claude-opus-4${dated}$`],
      ['claude-opus-4.1', String.raw`^claude-opus-4-1${dated}$`],
      ['claude-opus-4.5', String.raw`^claude-opus-4-5${dated}$`],
      ['claude-opus-4.6', String.raw`^claude-opus-4-6${dated}$`],
      ['claude-opus-4.7', String.raw`^claude-opus-4-7${dated}$`],
      ['claude-opus-4.8', String.raw`^claude-opus-4-8${dated}$`],
    ],
  ),
  ...succession(
    'google-flagship',
    ['gemini', 'vertex_ai-language-models'],
    [
      ['gemini-1.5-pro', String.raw`^(gemini/)?gemini-1\.5-pro(-latest|-00\d)?$`],
      ['gemini-2.5-pro', String.raw`^(gemini/)?gemini-2\.5-pro$`],
      ['gemini-3-pro', String.raw`^(gemini/)?gemini-3-pro(-preview)?$`],
      ['gemini-3.1-pro', String.raw`^(gemini/)?gemini-3\.1-pro(-preview)?$`],
    ],
  ),
  ...succession(
    'xai-flagship',
    ['xai'],
    [
      ['grok-2', String.raw`^xai/grok-2(-1212|-latest)?$`],
      ['grok-3', String.raw`^xai/grok-3(-beta|-latest)?$`],
      ['grok-4', String.raw`^xai/grok-4(-0709|-latest)?$`],
      ['grok-4.20', String.raw`^xai/grok-4\.20(-beta)?-0309-reasoning$`],
      ['grok-4.3', String.raw`^xai/grok-4\.3(-latest)?$`],
      ['grok-4.5', String.raw`^xai/grok-4\.5(-latest)?$`],
    ],
  ),
];

const llamaGeneration = (generation: string, rank: number): TokenConstituentRule => ({
  line: 'llama-3.x-70b-instruct',
  model: `llama-3${generation === '' ? '' : `.${generation}`}-70b-instruct`,
  providers: null,
  keyPattern:
    generation === '' ? String.raw`llama[-_.]?v?3[-_.]?70b` : String.raw`llama[-_.]?v?3[-_.p]?` + generation + String.raw`[-_.]?70b`,
  rank,
});

/** One company under several LiteLLM provider ids counts once. */
const tokenProviderAliases: Record<string, string> = {
  anthropic: 'anthropic',
  azure: 'microsoft',
  azure_ai: 'microsoft',
  bedrock: 'aws',
  bedrock_converse: 'aws',
  gemini: 'google',
  'vertex_ai-language-models': 'google',
  'vertex_ai-llama_models': 'google',
  'vertex_ai-anthropic_models': 'google',
  'vertex_ai-mistral_models': 'google',
};

/** Gateways that resell other providers' endpoints: their prices are not a second source. */
const resellers: Record<string, string> = {
  openrouter: 'reseller: routes to other providers',
  vercel_ai_gateway: 'reseller: routes to other providers',
  llamagate: 'reseller: routes to other providers',
  requesty: 'reseller: routes to other providers',
  aiml: 'reseller: routes to other providers',
};

const everyMonth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

const commonRules = {
  weights: { rule: 'equal_per_contributor', overrides: {} },
  quorum: { contributorsMin: 3, below: 'flag_low_confidence' },
  chain: { relativeCap: 0.1, memoryDays: 30 },
  fallback: { carryForwardDaysMax: 5 },
  // Re-anchored on the first day of every month to the mean spot of the 7 days before (at least 5
  // fixings with a quorum at the day's input level); a restart after a gap as soon as its window
  // holds 5 spots (ADR 0008: monthly points halve the mean basis of quarterly ones on this data).
  anchoring: { months: everyMonth, pendingMonths: everyMonth, windowDays: 7, windowFixingsMin: 5 },
  publication: { decimals: 6, rounding: 'half_even' },
} as const;

/**
 * Version of every methodology: 1.1.0 fixes the outlier reference in the chain state, frontier lines continue;
 * 1.2.0 re-anchors the chained value to the screened spot at scheduled points (ADR 0008).
 */
const version = '1.2.0';

const tokenFrontier: Methodology = {
  id: 'TKX-TOK-FRONTIER',
  version,
  family: 'token',
  title: 'Frontier model token price: first-party flagship of each leading closed-model lab',
  unit: 'USD per 1M tokens (3:1 input:output blend)',
  selection: {
    kind: 'token',
    blend: { inputParts: 3, outputParts: 1 },
    constituents: frontierConstituents,
    providerAliases: tokenProviderAliases,
    ineligibleProviders: resellers,
    variantPattern: null,
    regionalPattern: null,
    // A lab's flagship line is the constituent: a successor replaces its predecessor at the
    // quarterly rebalance and its price difference passes into the value (capped per day).
    succession: { routeBy: 'line', rebalanceMonths: [1, 4, 7, 10] },
  },
  ...commonRules,
  staleDaysMax: { transaction: 1, executable_quote: 1, list_price: 75 },
  // Different models legitimately differ tenfold, so there is no cross-section rule;
  // a price that jumps more than tenfold overnight is held out as a probable data error.
  outlier: { crossSectionFactorMax: null, crossSectionContributorsMin: 3, jumpFactorMax: 10 },
};

const tokenLlama70b: Methodology = {
  id: 'TKX-TOK-LLAMA70B',
  version,
  family: 'token',
  title: 'Open-weight token price: Llama 3.x 70B Instruct across hosting providers',
  unit: 'USD per 1M tokens (3:1 input:output blend)',
  selection: {
    kind: 'token',
    blend: { inputParts: 3, outputParts: 1 },
    constituents: [llamaGeneration('', 1), llamaGeneration('1', 2), llamaGeneration('3', 3)],
    providerAliases: tokenProviderAliases,
    ineligibleProviders: resellers,
    variantPattern: [
      'hermes',
      'dolphin',
      'reflection',
      'deepseek',
      'dobby',
      'nemotron',
      'distill',
      'free',
      'euryale',
      'lumimaid',
      'tulu',
      'guard',
      String.raw`-1b\b`,
      'nitro',
      'specdec',
    ].join('|'),
    regionalPattern: String.raw`(^|/)(us|eu|ap|sa|ca|me|af)-[a-z]+-\d/|(^|/)us-gov-`,
    // Llama 3, 3.1 and 3.3 70B are one open model at each host: a newer generation supersedes
    // at once as a new route (the like-for-like hosting price of the same model size).
    succession: { routeBy: 'model', rebalanceMonths: [] },
  },
  ...commonRules,
  staleDaysMax: { transaction: 1, executable_quote: 1, list_price: 75 },
  outlier: { crossSectionFactorMax: 5, crossSectionContributorsMin: 3, jumpFactorMax: 10 },
};

const gpuClasses: Record<string, readonly string[]> = {
  H100: ['H100-80GB', 'H100-PCIe-80GB', 'H100-HGX-80GB', 'H100_80GB_PCIe', 'H100_80GB_SXM5'],
  A100: ['A100-80GB', 'A100_80GB_PCIe', 'A100_80GB_SXM4'],
  H200: ['H200-141GB', 'H200_141GB'],
  B200: ['B200-180GB', 'B200_180GB'],
};

function gpuMethodology(gpuClass: string, pricing: ComputeSelection['pricing']): Methodology {
  const models = gpuClasses[gpuClass];
  assert(models !== undefined, `unknown GPU class ${gpuClass}`);
  return {
    id: `TKX-GPU-${gpuClass}-${pricing === 'on_demand' ? 'OD' : 'SPOT'}`,
    version,
    family: 'compute',
    title: `${gpuClass} GPU rental, ${pricing === 'on_demand' ? 'on-demand' : 'spot'}, per GPU-hour`,
    unit: 'USD per GPU-hour',
    selection: { kind: 'compute', gpuClass, gpuModels: models, pricing, offerings: ['server'], providerAliases: {} },
    ...commonRules,
    staleDaysMax: { transaction: 1, executable_quote: 1, list_price: 120 },
    outlier: { crossSectionFactorMax: 3, crossSectionContributorsMin: 3, jumpFactorMax: 5 },
  };
}

const registry: readonly Methodology[] = [
  tokenFrontier,
  tokenLlama70b,
  ...['H100', 'A100', 'H200', 'B200'].flatMap((gpuClass) => [gpuMethodology(gpuClass, 'on_demand'), gpuMethodology(gpuClass, 'spot')]),
];

/** SHA-256 of the methodology's canonical JSON: the lock an audit trail refers to. */
export function methodologyHash(methodology: Methodology): string {
  return sha256Hex(canonicalJson(methodology));
}

export interface BenchmarkListing {
  readonly id: string;
  readonly family: Methodology['family'];
  readonly unit: string;
  readonly version: string;
  readonly methodologyHash: string;
  readonly title: string;
}

export function listBenchmarks(): BenchmarkListing[] {
  return registry.map((m) => ({
    id: m.id,
    family: m.family,
    unit: m.unit,
    version: m.version,
    methodologyHash: methodologyHash(m),
    title: m.title,
  }));
}

export function findMethodology(id: string): Methodology | undefined {
  return registry.find((m) => m.id === id);
}

export function allMethodologies(): readonly Methodology[] {
  return registry;
}
