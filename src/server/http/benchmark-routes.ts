/**
 * Public benchmark routes: the benchmarks (`GET /v1/benchmarks`), a benchmark's daily
 * history (`.../:id/history`), one fixing with its inputs, weights, exclusions and
 * constituent changes (`.../:id/fixing?date=`), and the methodology document
 * (`.../:id/methodology`). Reads only; nothing reaches the sequencer.
 *
 * Series are computed from the server's data folder exactly as `tokex benchmark compute`
 * does (first to last observation), once per benchmark on first use and then kept: the
 * data folder does not change while the server runs. The loaded data is shared with the
 * hedge routes through `BenchmarkCache`. Without a data folder the series routes answer
 * 503; an unknown id is 404 `route_not_found` naming the known ids; a date without a
 * fixing is 404 naming the series' range. O(days) per history answer, O(inputs) per fixing.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  findMethodology,
  isCivilDate,
  listBenchmarks,
  type Fixing,
  type Methodology,
  type Series,
} from '../../core/benchmark/index.ts';
import type { BenchmarkCache } from '../../hedging-data/index.ts';
import { fieldError, gatewayError } from '../api/api-errors.ts';
import { commonErrors, ErrorBody } from '../api/schemas.ts';
import type { ApiContext, TypedApp } from './app.ts';
import {
  BenchmarkIdParams,
  BenchmarksResponse,
  FixingQuery,
  FixingResponse,
  HistoryQuery,
  HistoryResponse,
  MethodologyResponse,
  type WireFixing,
  type WireHistory,
} from './benchmark-schemas.ts';

/** docs/methodology/ of this checkout: the published methodology documents. */
export const methodologyDocsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'methodology');

const tags = ['benchmarks'];

export function registerBenchmarkRoutes(app: TypedApp, _ctx: ApiContext, cache: BenchmarkCache | null): void {
  const seriesOf = (methodology: Methodology): Series => {
    if (cache === null) throw gatewayError('unavailable', 'benchmarks: this server has no benchmark data folder');
    return cache.fullSeries(methodology);
  };

  app.get(
    '/v1/benchmarks',
    { schema: { tags, summary: 'The benchmarks: id, family, unit, methodology version and hash', response: { 200: BenchmarksResponse } } },
    () => ({
      benchmarks: listBenchmarks().map((b) => ({ ...b, decimals: methodologyOf(b.id).publication.decimals })),
    }),
  );

  app.get(
    '/v1/benchmarks/:id/history',
    {
      schema: {
        tags,
        summary: "A benchmark's daily values, spots, confidence and constituent changes from `from` to `to`",
        params: BenchmarkIdParams,
        querystring: HistoryQuery,
        response: { 200: HistoryResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    (request) => history(seriesOf(methodologyOf(request.params.id)), request.query),
  );

  app.get(
    '/v1/benchmarks/:id/fixing',
    {
      schema: {
        tags,
        summary: 'One fixing (default: the latest with a value) with its inputs, weights, exclusions and constituent changes',
        params: BenchmarkIdParams,
        querystring: FixingQuery,
        response: { 200: FixingResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    (request) => {
      const s = seriesOf(methodologyOf(request.params.id));
      return wireFixing(s.methodology, pickFixing(s, request.query.date));
    },
  );

  app.get(
    '/v1/benchmarks/:id/methodology',
    {
      schema: {
        tags,
        summary: 'The methodology document of a benchmark (markdown) and the rules common to all',
        params: BenchmarkIdParams,
        response: { 200: MethodologyResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    (request) => {
      const methodology = methodologyOf(request.params.id);
      const listing = listBenchmarks().find((b) => b.id === methodology.id);
      return {
        id: methodology.id,
        version: methodology.version,
        methodologyHash: listing?.methodologyHash ?? '',
        title: methodology.title,
        markdown: readDoc(`${methodology.id}.md`),
        commonMarkdown: readDoc('README.md'),
      };
    },
  );
}

function methodologyOf(id: string): Methodology {
  const methodology = findMethodology(id);
  if (methodology === undefined) {
    const known = listBenchmarks()
      .map((b) => b.id)
      .join(', ');
    throw gatewayError('route_not_found', `id: no benchmark ${id}; known: ${known}`);
  }
  return methodology;
}

function readDoc(name: string): string {
  try {
    return readFileSync(join(methodologyDocsDir, name), 'utf8');
  } catch {
    throw gatewayError('route_not_found', `id: the methodology document ${name} is not in this installation`);
  }
}

function checkedDate(field: string, text: string | undefined): string | undefined {
  if (text !== undefined && !isCivilDate(text)) throw fieldError('field_invalid', `query.${field}: "${text}" is not a YYYY-MM-DD date`);
  return text;
}

function history(s: Series, query: { from?: string | undefined; to?: string | undefined }): WireHistory {
  const from = checkedDate('from', query.from) ?? s.from;
  const to = checkedDate('to', query.to) ?? s.to;
  if (from > to) throw fieldError('field_invalid', `query.to: ${to} is before query.from ${from}`);
  const points = s.fixings
    .filter((f) => f.date >= from && f.date <= to)
    .map((f) => ({
      date: f.date,
      value: f.value,
      spotUsd: f.spotUsd,
      confidence: f.confidence,
      contributors: f.contributorCount,
      constituentChange: f.constituentChange,
    }));
  return { id: s.methodology.id, unit: s.methodology.unit, from, to, points };
}

function pickFixing(s: Series, date: string | undefined): Fixing {
  if (checkedDate('date', date) === undefined) {
    for (let i = s.fixings.length - 1; i >= 0; i--) if (s.fixings[i]!.value !== null) return s.fixings[i]!;
    const last = s.fixings[s.fixings.length - 1];
    if (last === undefined) throw gatewayError('route_not_found', `date: ${s.methodology.id} has no fixings`);
    return last;
  }
  const found = s.fixings.find((f) => f.date === date);
  if (found === undefined)
    throw gatewayError('route_not_found', `query.date: no fixing of ${s.methodology.id} on ${date} (${s.from}..${s.to})`);
  return found;
}

function wireFixing(methodology: Methodology, f: Fixing): WireFixing {
  const excluded = new Map(f.exclusions.map((e) => [e.obsId, e.reason]));
  const weightSum = f.contributions.reduce((sum, c) => sum + c.weight, 0);
  const before = new Set(f.previous.included);
  const after = new Set(f.next.included);
  return {
    benchmarkId: f.benchmarkId,
    unit: methodology.unit,
    methodologyVersion: f.methodologyVersion,
    methodologyHash: f.methodologyHash,
    date: f.date,
    value: f.value,
    spotUsd: f.spotUsd,
    confidence: f.confidence,
    contributorCount: f.contributorCount,
    matchedCount: f.matchedCount,
    inputLevel: f.inputLevel,
    outlierReference: f.outlierReference,
    outlierCenterUsd: f.outlierCenterUsd,
    link: f.link,
    constituentChange: f.constituentChange,
    entered: [...after].filter((key) => !before.has(key)),
    left: [...before].filter((key) => !after.has(key)),
    anchoring:
      f.anchoring === null
        ? null
        : {
            reason: f.anchoring.reason,
            applied: f.anchoring.applied,
            previousValue: f.anchoring.previousValue,
            anchorUsd: f.anchoring.anchorUsd,
            detail: f.anchoring.detail,
          },
    inputs: f.inputs.map((input) => ({
      obsId: input.obsId,
      kind: input.kind,
      provider: input.provider,
      product: input.product,
      level: input.level,
      observedDate: input.observedDate,
      inputUsdPerMtok: input.kind === 'token' ? input.inputUsdPerMtok : null,
      outputUsdPerMtok: input.kind === 'token' ? input.outputUsdPerMtok : null,
      usdPerHour: input.kind === 'compute' ? input.usdPerHour : null,
      gpuCount: input.kind === 'compute' ? input.gpuCount : null,
      pricing: input.kind === 'compute' ? input.pricing : null,
      offering: input.kind === 'compute' ? input.offering : null,
      excluded: excluded.get(input.obsId) ?? null,
    })),
    contributions: f.contributions.map((c) => ({
      key: c.key,
      contributor: c.contributor,
      product: c.product,
      obsIds: [...c.obsIds],
      priceUsd: c.priceUsd,
      weight: c.weight,
      weightShare: weightSum > 0 ? c.weight / weightSum : 0,
      previousEffectiveUsd: c.previousEffectiveUsd,
      effectiveUsd: c.effectiveUsd,
      logRelative: c.logRelative,
    })),
    exclusions: f.exclusions.map((e) => ({ obsId: e.obsId, reason: e.reason, detail: e.detail })),
  };
}
