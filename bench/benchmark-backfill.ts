/**
 * `tokex bench benchmark`: performance of the benchmark administration (never run by
 * the test suite). Targets from issue #4: the full backfill of all benchmarks in under
 * 2 s (loading and checking the data files included), and one fixing over 10,000
 * observations in under 10 ms.
 *
 * Method: one cold run of the backfill as a fresh process would do it, then `--runs`
 * warm runs (median and max reported); the fixing is timed on 10,000 synthetic compute
 * quotes (40 providers x 250 snapshots) and on 10,000 token routes (Llama 70B keys at
 * 10,000 providers), after a warm-up, median of `--runs`.
 */
import type { Command } from 'commander';
import { Prng } from '../src/core/kernel/index.ts';
import {
  allMethodologies,
  computeFixing,
  computeSeries,
  emptyChainState,
  findMethodology,
  methodologyHash,
  type FixingInput,
  type Methodology,
} from '../src/core/benchmark/index.ts';
import { loadBenchmarkData } from '../src/benchmark-data/load.ts';

export interface BenchmarkBenchResult {
  readonly backfillColdMs: number;
  readonly backfillWarmMedianMs: number;
  readonly backfillWarmMaxMs: number;
  readonly loadMs: number;
  readonly benchmarks: number;
  readonly fixings: number;
  readonly fixingComputeMedianMs: number;
  readonly fixingTokenMedianMs: number;
  readonly observationsPerFixing: number;
}

function backfill(dataDir: string): { loadMs: number; totalMs: number; fixings: number } {
  const start = performance.now();
  const data = loadBenchmarkData(dataDir);
  const loaded = performance.now();
  let fixings = 0;
  for (const methodology of allMethodologies()) fixings += computeSeries(methodology, data).fixings.length;
  return { loadMs: loaded - start, totalMs: performance.now() - start, fixings };
}

export function syntheticComputeInputs(count: number, seed: number): FixingInput[] {
  const prng = new Prng(seed);
  return Array.from({ length: count }, (_, i): FixingInput => ({
    kind: 'compute',
    obsId: `synthetic:${i}`,
    provider: `provider-${i % 40}`,
    product: 'H100_80GB_SXM5',
    level: 'executable_quote',
    observedDate: '2025-11-01',
    snapshot: `2025-11-01T${String(Math.floor(i / 40) % 24).padStart(2, '0')}:${String(Math.floor(i / 960)).padStart(2, '0')}:00Z`,
    pricing: 'on_demand',
    offering: 'server',
    gpuCount: 1 + (prng.nextU32() % 8),
    usdPerHour: 2 + (prng.nextU32() % 100) / 100,
  }));
}

export function syntheticTokenInputs(count: number, seed: number): FixingInput[] {
  const prng = new Prng(seed);
  return Array.from({ length: count }, (_, i): FixingInput => ({
    kind: 'token',
    obsId: `synthetic:${i}`,
    provider: `provider-${i}`,
    product: `meta-llama/Llama-3.3-70B-Instruct`,
    level: 'list_price',
    observedDate: '2025-11-01',
    snapshot: '2025-11-01',
    inputUsdPerMtok: 0.5 + (prng.nextU32() % 50) / 100,
    outputUsdPerMtok: 0.7 + (prng.nextU32() % 50) / 100,
  }));
}

function timeFixing(methodology: Methodology, inputs: readonly FixingInput[], runs: number): number {
  const hash = methodologyHash(methodology);
  const run = (): number => {
    const start = performance.now();
    computeFixing({ methodology, methodologyHash: hash, date: '2025-11-01', inputs, previous: emptyChainState });
    return performance.now() - start;
  };
  for (let i = 0; i < 5; i++) run();
  const times = Array.from({ length: runs }, run).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export function runBenchmarkBench(dataDir: string, runs: number): BenchmarkBenchResult {
  const cold = backfill(dataDir);
  const warm = Array.from({ length: runs }, () => backfill(dataDir).totalMs).sort((a, b) => a - b);
  const compute = findMethodology('TKX-GPU-H100-OD');
  const token = findMethodology('TKX-TOK-LLAMA70B');
  if (compute === undefined || token === undefined) throw new Error('benchmarks missing');
  const observations = 10_000;
  return {
    backfillColdMs: round(cold.totalMs),
    backfillWarmMedianMs: round(warm[Math.floor(warm.length / 2)] ?? 0),
    backfillWarmMaxMs: round(warm[warm.length - 1] ?? 0),
    loadMs: round(cold.loadMs),
    benchmarks: allMethodologies().length,
    fixings: cold.fixings,
    fixingComputeMedianMs: round(timeFixing(compute, syntheticComputeInputs(observations, 1), runs * 4)),
    fixingTokenMedianMs: round(timeFixing(token, syntheticTokenInputs(observations, 2), runs * 4)),
    observationsPerFixing: observations,
  };
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Adds `benchmark` under the existing `tokex bench` command (or creates `bench`). */
export function registerBenchmarkBench(program: Command, dataDir: string): void {
  const bench = program.commands.find((command) => command.name() === 'bench') ?? program.command('bench');
  bench
    .command('benchmark')
    .description('time the full benchmark backfill and one fixing over 10,000 observations')
    .option('--data <dir>', 'data folder', dataDir)
    .option('--runs <n>', 'warm runs', '5')
    .option('--json', 'print one JSON object')
    .action((opts: { data: string; runs: string; json?: boolean }) => {
      const runs = Number(opts.runs);
      if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs: ${opts.runs} is not a positive whole number`);
      const result = runBenchmarkBench(opts.data, runs);
      if (opts.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(
          [
            `benchmarks              ${result.benchmarks} (${result.fixings} daily fixings)`,
            `backfill, cold          ${result.backfillColdMs} ms (of which loading and checking data ${result.loadMs} ms)   target < ` +
              `2000 ms`,
            `backfill, warm          median ${result.backfillWarmMedianMs} ms, max ${result.backfillWarmMaxMs} ms`,
            `one fixing, 10k quotes  ${result.fixingComputeMedianMs} ms (GPU, median)   target < 10 ms`,
            `one fixing, 10k routes  ${result.fixingTokenMedianMs} ms (token, median)`,
          ].join('\n') + '\n',
        );
      }
    });
}
