/**
 * `tokex sim run --scenario FILE --seed N [--json] [--report DIR [--png]]`: runs a seeded
 * market simulation (src/sim) on the real engine, prints liquidity, margin calls and
 * defaults, the hedgers' outcomes, the manipulators' record and the final state hash, and
 * optionally writes a report with charts. The same scenario and seed give byte-identical
 * output and report.
 */
import type { Command } from 'commander';
import { defaultProductsDir, loadProducts } from '../contracts-data/products.ts';
import { defaultDataDir } from '../benchmark-data/data-dir.ts';
import { formatResult, readScenarioFile } from '../sim/run-scenario.ts';
import { writeSimReport } from '../sim/report/write-report.ts';
import { Simulation } from '../sim/simulation.ts';

interface RunOptions {
  scenario: string;
  seed: string;
  json?: boolean;
  report?: string;
  png?: boolean;
  products?: string;
  data?: string;
}

function seedOf(text: string): number {
  const seed = Number(text);
  if (!/^-?[0-9]+$/.test(text) || !Number.isSafeInteger(seed)) throw new Error(`--seed: a whole number, got ${text}`);
  return seed;
}

export function registerSim(program: Command): void {
  const sim = program.command('sim').description('seeded market simulations with agents on the real engine');
  sim
    .command('run')
    .description('run a scenario and print liquidity, margin, hedgers, manipulators and the final state hash')
    .requiredOption('--scenario <file>', 'scenario JSON file (see examples/sim/)')
    .requiredOption('--seed <n>', 'seed of the run')
    .option('--json', 'print JSON')
    .option('--report <dir>', 'write a report (report.md, result.json, SVG charts) to this directory')
    .option('--png', 'with --report: also write the charts as PNG')
    .option('--products <dir>', 'product files directory', defaultProductsDir)
    .option('--data <dir>', 'benchmark data directory', defaultDataDir)
    .action(async (options: RunOptions) => {
      if (options.png === true && options.report === undefined) throw new Error('--png: needs --report <dir>');
      const scenario = readScenarioFile(options.scenario);
      const seed = seedOf(options.seed);
      const products = loadProducts(options.products ?? defaultProductsDir);
      const result = new Simulation(scenario, seed, { products, dataDir: options.data ?? defaultDataDir }).run();
      process.stdout.write(formatResult(result, options.json === true));
      if (options.report !== undefined) {
        const command = `tokex sim run --scenario ${options.scenario} --seed ${options.seed}`;
        const written = await writeSimReport(result, options.report, { command, png: options.png === true });
        process.stderr.write(`report: ${written.length} files in ${options.report}\n`);
      }
    });
}
