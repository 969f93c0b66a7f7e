/**
 * The `tokex` command line: one program, a subcommand per job.
 */
import { Command, CommanderError } from 'commander';
import { registerBench } from './bench.ts';
import { registerBenchmark } from './benchmark.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('tokex')
    .description('tokex: an exchange for futures on AI tokens and GPU compute')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('serve')
    .description('run the exchange (the server arrives with the next milestone; for now this lists what is available)')
    .action(() => {
      process.stdout.write(
        [
          'tokex: the exchange server is not built yet. Available now:',
          '  tokex bench match --ops ../shared/bench/ops-1m.csv.gz --exec ../shared/bench/ops-1m.exec.i32.gz',
          '      replays a benchmark order stream through the matching engine',
          '  npm test   runs the test suite (lint, type check, unit, property and scenario tests)',
          '',
        ].join('\n'),
      );
    });
  registerBench(program);
  registerBenchmark(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`tokex: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
