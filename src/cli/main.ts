/**
 * The `tokex` command line: one program, a subcommand per job.
 */
import { Command, CommanderError } from 'commander';
import { registerBench } from './bench.ts';
import { registerServe } from './serve.ts';
import { registerBenchmark } from './benchmark.ts';
import { registerContracts } from './contracts.ts';
import { registerClearing } from './clearing.ts';
import { registerHedge } from './hedge.ts';
import { registerSim } from './sim.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('tokex')
    .description('tokex: an exchange for futures on AI tokens and GPU compute')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerBench(program);
  registerBenchmark(program);
  registerContracts(program);
  registerClearing(program);
  registerHedge(program);
  registerSim(program);
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
