/**
 * Wire schemas of the benchmark routes (benchmark-routes.ts): the list of benchmarks, a
 * benchmark's daily history, one fixing with its inputs, contributions (weights),
 * exclusions and constituent changes, and the methodology document.
 *
 * Published values and spots are decimal strings exactly as the fixing publishes them;
 * the analytics inside a fixing (prices in the reference unit, weights, log relatives)
 * are numbers, as in the audit trail (DESIGN.md section 4: floating point is for
 * analytics only). Closed objects, as in api/schemas.ts.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { confidenceLevels, exclusionReasons, inputLevels, outlierReferences } from '../../core/benchmark/index.ts';

const closed = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const CivilDate = Type.String({ description: 'YYYY-MM-DD' });
const Confidence = Type.Enum([...confidenceLevels]);
const Level = Type.Enum([...inputLevels]);

export const BenchmarkIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z0-9-]+$' }) }, closed);

export const BenchmarkListing = Type.Object(
  {
    id: Type.String(),
    family: Type.Enum(['token', 'compute']),
    title: Type.String(),
    unit: Type.String(),
    version: Type.String(),
    methodologyHash: Type.String({ description: 'SHA-256 of the methodology canonical JSON' }),
    decimals: Type.Integer({ description: 'decimals of the published value' }),
  },
  closed,
);
export const BenchmarksResponse = Type.Object({ benchmarks: Type.Array(BenchmarkListing) }, closed);

export const HistoryQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'first date, YYYY-MM-DD (default: the first fixing)' })),
    to: Type.Optional(Type.String({ description: 'last date, YYYY-MM-DD (default: the last fixing)' })),
  },
  closed,
);

export const HistoryPoint = Type.Object(
  {
    date: CivilDate,
    value: nullable(Type.String()),
    spotUsd: nullable(Type.String()),
    confidence: Confidence,
    contributors: Type.Integer(),
    constituentChange: Type.Boolean({ description: 'the routes that count changed on this date' }),
  },
  closed,
);
export const HistoryResponse = Type.Object(
  { id: Type.String(), unit: Type.String(), from: CivilDate, to: CivilDate, points: Type.Array(HistoryPoint) },
  closed,
);
export type WireHistory = Static<typeof HistoryResponse>;

export const FixingQuery = Type.Object(
  { date: Type.Optional(Type.String({ description: 'YYYY-MM-DD (default: the latest fixing with a value)' })) },
  closed,
);

export const FixingInputView = Type.Object(
  {
    obsId: Type.String({ description: 'data file and line the input comes from' }),
    kind: Type.Enum(['token', 'compute']),
    provider: Type.String(),
    product: Type.String(),
    level: Level,
    observedDate: CivilDate,
    inputUsdPerMtok: nullable(Type.Number()),
    outputUsdPerMtok: nullable(Type.Number()),
    usdPerHour: nullable(Type.Number()),
    gpuCount: nullable(Type.Integer()),
    pricing: nullable(Type.String()),
    offering: nullable(Type.String()),
    excluded: nullable(Type.Enum([...exclusionReasons])),
  },
  closed,
);

export const ContributionView = Type.Object(
  {
    key: Type.String(),
    contributor: Type.String(),
    product: Type.String(),
    obsIds: Type.Array(Type.String()),
    priceUsd: Type.Number({ description: 'in the reference unit, before rounding' }),
    weight: Type.Number(),
    weightShare: Type.Number({ description: 'weight / sum of weights' }),
    previousEffectiveUsd: nullable(Type.Number()),
    effectiveUsd: Type.Number(),
    logRelative: nullable(Type.Number()),
  },
  closed,
);

export const ExclusionView = Type.Object({ obsId: Type.String(), reason: Type.Enum([...exclusionReasons]), detail: Type.String() }, closed);

export const AnchoringView = Type.Object(
  {
    reason: Type.String(),
    applied: Type.Boolean(),
    previousValue: nullable(Type.String()),
    anchorUsd: nullable(Type.String()),
    detail: Type.String(),
  },
  closed,
);

export const FixingResponse = Type.Object(
  {
    benchmarkId: Type.String(),
    unit: Type.String(),
    methodologyVersion: Type.String(),
    methodologyHash: Type.String(),
    date: CivilDate,
    value: nullable(Type.String()),
    spotUsd: nullable(Type.String()),
    confidence: Confidence,
    contributorCount: Type.Integer(),
    matchedCount: Type.Integer(),
    inputLevel: nullable(Level),
    outlierReference: Type.Enum([...outlierReferences]),
    outlierCenterUsd: nullable(Type.Number()),
    link: Type.Number({ description: 'the chain link, ln(value / base)' }),
    constituentChange: Type.Boolean(),
    entered: Type.Array(Type.String(), { description: 'routes that count from this fixing on' }),
    left: Type.Array(Type.String(), { description: 'routes that counted in the previous fixing and no longer do' }),
    anchoring: nullable(AnchoringView),
    inputs: Type.Array(FixingInputView),
    contributions: Type.Array(ContributionView),
    exclusions: Type.Array(ExclusionView),
  },
  closed,
);
export type WireFixing = Static<typeof FixingResponse>;

export const MethodologyResponse = Type.Object(
  {
    id: Type.String(),
    version: Type.String(),
    methodologyHash: Type.String(),
    title: Type.String(),
    markdown: Type.String({ description: 'docs/methodology/<id>.md' }),
    commonMarkdown: Type.String({ description: 'docs/methodology/README.md: the rules common to every benchmark' }),
  },
  closed,
);
