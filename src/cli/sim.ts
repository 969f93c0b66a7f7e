/**
 * `tokex sim run --scenario FILE --seed N [--json]`: runs a seeded market simulation
 * (src/sim) on the real engine and prints liquidity figures and the final state hash.
 * The same scenario and seed give byte-identical output.
 */
import type { Command } from 'commander';
import { defaultProductsDir, loadProducts } from '../contracts-data/products.ts';
import { defaultDataDir } from '../benchmark-data/data-dir.ts';
import { formatResult, readScenarioFile } from '../sim/run-scenario.ts';
import { Simulation } from '../sim/simulation.ts';

interface RunOptions {
  scenario: string;
  seed: string;
  json?: boolean;
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
    .description('run a scenario and print liquidity figures and the final state hash')
    .requiredOption('--scenario <file>', 'scenario JSON file (see examples/sim/)')
    .requiredOption('--seed <n>', 'seed of the run')
    .option('--json', 'print JSON')
    .option('--products <dir>', 'product files directory', defaultProductsDir)
    .option('--data <dir>', 'benchmark data directory', defaultDataDir)
    .action((options: RunOptions) => {
      const scenario = readScenarioFile(options.scenario);
      const seed = seedOf(options.seed);
      const products = loadProducts(options.products ?? defaultProductsDir);
      const result = new Simulation(scenario, seed, { products, dataDir: options.data ?? defaultDataDir }).run();
      process.stdout.write(formatResult(result, options.json === true));
    });
}
