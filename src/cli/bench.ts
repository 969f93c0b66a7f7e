/**
 * `tokex bench ...`: benchmarks of the real code paths. Never run by the test suite.
 */
import type { Command } from 'commander';

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('measure speed and memory of the exchange (never part of the tests)');
  bench
    .command('match')
    .description('replay a benchmark order stream through the matching engine and check every executed quantity')
    .requiredOption('--ops <file>', 'order stream, gzip CSV op,id,side,price,qty')
    .requiredOption('--exec <file>', 'expected executed quantity per operation, gzip Int32 LE')
    .option('--warmup <n>', 'operations replayed on a throw-away engine first', '200000')
    .option('--json', 'print one JSON object')
    .action(async (opts: { ops: string; exec: string; warmup: string; json?: boolean }) => {
      const warmupOps = Number(opts.warmup);
      if (!Number.isSafeInteger(warmupOps) || warmupOps < 0) throw new Error(`--warmup: ${opts.warmup} is not a whole number`);
      const log = (line: string): void => {
        if (opts.json !== true) process.stderr.write(`${line}\n`);
      };
      const { loadStream, runMatchBench } = await import('../../bench/match-replay.ts');
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

  bench
    .command('fill-journal')
    .description('write a realistic order flow of N commands into a new SQLite journal (input for bench replay)')
    .requiredOption('--db <path>', 'a new journal file')
    .option('--count <n>', 'commands', '1000000')
    .option('--batch <n>', 'commands per append', '1024')
    .option('--seed <n>', 'order-flow seed', '7')
    .action(async (opts: { db: string; count: string; batch: string; seed: string }) => {
      const { fillJournal } = await import('../../bench/fill-journal.ts');
      const result = await fillJournal(opts.db, { count: Number(opts.count), batchSize: Number(opts.batch), seed: Number(opts.seed) });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
  bench
    .command('replay')
    .description('replay a SQLite journal into a fresh engine and print commands/s')
    .requiredOption('--db <path>', 'journal file (not held by a running server)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { db: string; json?: boolean }) => {
      const { runReplayBench } = await import('../../bench/replay.ts');
      const result = await runReplayBench(opts.db);
      if (opts.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(
          [
            `commands        ${result.commands}`,
            `throughput      ${result.commandsPerSec.toLocaleString('en-US')} commands/s`,
            `reading         ${result.readSeconds.toFixed(2)} s (SQLite and decoding)`,
            `applying        ${result.applySeconds.toFixed(2)} s (engine)`,
            `CPU             ${result.cpuSeconds.toFixed(2)} s`,
            `per CPU second  ${result.commandsPerCpuSec.toLocaleString('en-US')} commands`,
            `state hash      ${result.stateHash}`,
          ].join('\n') + '\n',
        );
      }
    });
  bench
    .command('load')
    .description('WebSocket load on a running exchange on this machine: acknowledged orders/s and ack latency')
    .requiredOption('--url <url>', 'exchange base URL on this machine, e.g. http://127.0.0.1:8080')
    .requiredOption('--db <path>', 'the exchange database, to create one API key per connection')
    .option('--connections <n>', 'WebSocket connections (half makers, half takers)', '8')
    .option('--duration <s>', 'seconds', '60')
    .option('--inflight <n>', 'orders outstanding per connection', '32')
    .option('--symbol <symbol>', 'instrument (default: the first one the exchange lists)')
    .option('--no-cork', "send every order in its own write instead of holding a turn's writes together")
    .option('--ack', "ask for the short acknowledgement (response: 'ack') instead of the whole order")
    .option('--json', 'print one JSON object')
    .action(async (opts: Record<string, string | boolean>) => {
      const { runLoad } = await import('../../bench/load.ts');
      const { createApiKey, openKeyStore } = await import('../server/auth/key-store.ts');
      const connections = Number(opts['connections']);
      const store = openKeyStore(String(opts['db']));
      const keys = Array.from({ length: connections }, (_, i) => createApiKey(store, { account: `load-${i}` }));
      store.close();
      const { TokexClient } = await import('../client/index.ts');
      const symbol =
        typeof opts['symbol'] === 'string'
          ? opts['symbol']
          : (await new TokexClient({ baseUrl: String(opts['url']) }).instruments())[0]?.symbol;
      if (symbol === undefined) throw new Error('--symbol: the exchange lists no instrument');
      const result = await runLoad({
        url: String(opts['url']),
        keys,
        durationSec: Number(opts['duration']),
        inflight: Number(opts['inflight']),
        symbol,
        midTicks: 1_000,
        tick: 0.01,
        seed: 1,
        cork: opts['cork'] !== false,
        ack: opts['ack'] === true,
        onSecond: (acked, elapsed) => {
          if (opts['json'] !== true) process.stderr.write(`${elapsed.toFixed(0)} s: ${acked} acknowledged\n`);
        },
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
