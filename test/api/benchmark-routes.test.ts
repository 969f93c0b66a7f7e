// The benchmark routes: the list, a history with its constituent changes, one fixing with
// its inputs, weights and exclusions (the same as the series `tokex benchmark compute`
// writes), the methodology document, and bad input naming the field.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkFixing, BenchmarkHistory, BenchmarkListing, BenchmarkMethodology } from '../../src/client/index.ts';
import { defaultDataDir } from '../../src/benchmark-data/data-dir.ts';
import { makeHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ dataDir: defaultDataDir });
});
afterAll(async () => h.close());

const get = async <T>(url: string, status = 200): Promise<T> => {
  const response = await h.app.inject({ url });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
  return response.json<T>();
};

describe('benchmark routes', () => {
  it('lists the benchmarks with their methodology hash', async () => {
    const { benchmarks } = await get<{ benchmarks: BenchmarkListing[] }>('/v1/benchmarks');
    expect(benchmarks.map((b) => b.id)).toContain('TKX-TOK-FRONTIER');
    expect(benchmarks.find((b) => b.id === 'TKX-GPU-H100-OD')).toMatchObject({ family: 'compute', decimals: 6 });
  });

  it('answers the history the published series holds, constituent changes marked', async () => {
    const history = await get<BenchmarkHistory>('/v1/benchmarks/TKX-TOK-FRONTIER/history');
    const csv = readFileSync(resolve(import.meta.dirname, '../../docs/benchmarks/TKX-TOK-FRONTIER.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(history.points).toHaveLength(csv.length - 1);
    const [date, value, , confidence, , , change] = (csv[csv.length - 1] ?? '').split(',');
    expect(history.points[history.points.length - 1]).toMatchObject({ date, value, confidence, constituentChange: change === '1' });
    expect(history.points.some((p) => p.constituentChange)).toBe(true);
    const ranged = await get<BenchmarkHistory>('/v1/benchmarks/TKX-TOK-FRONTIER/history?from=2025-01-01&to=2025-01-31');
    expect(ranged.points).toHaveLength(31);
  });

  it('answers a fixing with its inputs, weights and exclusions', async () => {
    const fixing = await get<BenchmarkFixing>('/v1/benchmarks/TKX-GPU-H100-OD/fixing');
    expect(fixing.value).not.toBeNull();
    expect(fixing.contributions.length).toBe(fixing.contributorCount);
    const shares = fixing.contributions.reduce((sum, c) => sum + c.weightShare, 0);
    expect(shares).toBeCloseTo(1, 9);
    const excluded = fixing.inputs.filter((input) => input.excluded !== null).map((input) => input.obsId);
    expect(excluded.sort()).toEqual(fixing.exclusions.map((e) => e.obsId).sort());
    const dated = await get<BenchmarkFixing>('/v1/benchmarks/TKX-GPU-H100-OD/fixing?date=2025-01-15');
    expect(dated.date).toBe('2025-01-15');
  });

  it('serves the methodology document', async () => {
    const doc = await get<BenchmarkMethodology>('/v1/benchmarks/TKX-TOK-FRONTIER/methodology');
    expect(doc.markdown).toContain('# TKX-TOK-FRONTIER');
    expect(doc.commonMarkdown.length).toBeGreaterThan(1000);
  });

  it('names the field of bad input', async () => {
    expect((await get<{ message: string }>('/v1/benchmarks/NOPE/history', 404)).message).toContain('id: no benchmark NOPE');
    expect((await get<{ message: string }>('/v1/benchmarks/TKX-TOK-FRONTIER/fixing?date=2025-13-01', 400)).message).toContain('query.date');
    expect((await get<{ message: string }>('/v1/benchmarks/TKX-TOK-FRONTIER/fixing?date=1999-01-01', 404)).message).toContain('query.date');
    expect(
      (await get<{ message: string }>('/v1/benchmarks/TKX-TOK-FRONTIER/history?from=2025-02-01&to=2025-01-01', 400)).message,
    ).toContain('query.to');
  });
});
