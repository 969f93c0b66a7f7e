/**
 * `tokex bench ...`: benchmarks of the real code paths. Never run by the test suite.
 */
import type { Command } from 'commander';
import { loadStream, runMatchBench } from '../../bench/match-replay.ts';

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('measure speed and memory of the exchange (never part of the tests)');
  bench
    .command('match')
    .description('replay a benchmark order stream through the matching engine and check every executed quantity')
    .requiredOption('--ops <file>', 'order stream, gzip CSV op,id,side,price,qty')
    .requiredOption('--exec <file>', 'expected executed quantity per operation, gzip Int32 LE')
    .option('--warmup <n>', 'operations replayed on a throw-away engine first', '200000')
    .option('--json', 'print one JSON object')
    .action((opts: { ops: string; exec: string; warmup: string; json?: boolean }) => {
      const warmupOps = Number(opts.warmup);
      if (!Number.isSafeInteger(warmupOps) || warmupOps < 0) throw new Error(`--warmup: ${opts.warmup} is not a whole number`);
      const log = (line: string): void => {
        if (opts.json !== true) process.stderr.write(`${line}\n`);
      };
      log(`parsing ${opts.ops}`);
      const stream = loadStream(opts.ops, opts.exec);
      const result = runMatchBench(stream, { warmupOps, onPhase: (phase) => log(`${phase}...`) });
      if (opts.json === true) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        process.stdout.write(
          [
            `operations      ${result.ops}`,
            `throughput      ${result.opsPerSec.toLocaleString('en-US')} ops/s`,
            `latency p50     ${result.p50Ns} ns`,
            `latency p99     ${result.p99Ns} ns`,
            `latency p99.9   ${result.p999Ns} ns`,
            `latency max     ${result.maxNs} ns`,
            `peak RSS        ${result.peakRssMb} MB`,
            `mismatches      ${result.mismatches}`,
          ].join('\n') + '\n',
        );
      }
      if (result.mismatches > 0) process.exitCode = 1;
    });
}
