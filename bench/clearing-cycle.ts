/**
 * `tokex clearing bench`: performance of the clearing core (never run by the test suite).
 * Targets from issue #6: margin for 100,000 accounts across 24 instruments in under 1 s,
 * and the end-of-day cycle for the same population in under 5 s.
 *
 * Population (seeded): 4 products x 6 contract months = 24 instruments; `--accounts`
 * accounts in 100 members; every account holds a position in each of
 * `--positions-per-account` instruments (24 by default: the worst case), long or short at
 * random, so calendar spreads and netting occur. Positions are built by trades between
 * neighbouring accounts, so every instrument nets to zero as in a real market.
 * Timed: (1) margin of every account (SPAN, 16 scenarios, spread charge), `--runs` times,
 * median and max; (2) end-of-day cycles on successive days with new settlement prices:
 * variation margin posted through the ledger, statements frozen, margin calls issued.
 */
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { Prng, minor } from '../src/core/kernel/index.ts';
import { ClearingHouse, type ClearingProduct } from '../src/core/clearing/index.ts';

export interface ClearingBenchOptions {
  readonly accounts: number;
  readonly positionsPerAccount: number;
  readonly runs: number;
  readonly seed: number;
}

export interface ClearingBenchResult {
  readonly accounts: number;
  readonly instruments: number;
  readonly positions: number;
  readonly setupMs: number;
  readonly marginAllMedianMs: number;
  readonly marginAllMaxMs: number;
  readonly endOfDayMs: readonly number[];
  readonly endOfDayEvents: readonly number[];
  readonly marginCallsIssued: number;
}

const roots = ['TOK', 'TOKL', 'H100', 'A100'] as const;
const months = ['F27', 'G27', 'H27', 'J27', 'K27', 'M27'] as const;

function product(root: string): ClearingProduct {
  return {
    root,
    currency: 'USD',
    tickValueMinor: minor(100n),
    makerFeePerLotMinor: minor(25n),
    takerFeePerLotMinor: minor(50n),
    margin: { scanRangeBps: 1500, spreadChargeBps: 375, initialToMaintenance: { num: 11, den: 10 } },
  };
}

export function runClearingBench(options: ClearingBenchOptions): ClearingBenchResult {
  const prng = new Prng(options.seed);
  const setupStart = performance.now();
  const house = new ClearingHouse({
    currencies: ['USD'],
    marginCallWindowMs: 3_600_000,
    skinInTheGameMinor: minor(0n),
    assessmentMultiple: 1,
  });
  const symbols: string[] = [];
  const prices: number[] = [];
  for (const root of roots) {
    house.addProduct(product(root));
    months.forEach((month, m) => {
      const symbol = `${root}${month}`;
      const price = 5000 + m * 50;
      house.registerInstrument(symbol, root, price);
      symbols.push(symbol);
      prices.push(price);
    });
  }
  const ids: string[] = [];
  for (let m = 0; m < 100; m++) house.addMember(`M${m}`);
  for (let a = 0; a < options.accounts; a++) {
    const id = `acct-${a}`;
    house.openAccount(id, `M${a % 100}`, a % 100 === 0 ? 'house' : 'customer');
    house.deposit(id, 'USD', 50_000_000n, 0);
    ids.push(id);
  }
  let tradeId = 1;
  for (let a = 0; a + 1 < options.accounts; a += 2) {
    for (let k = 0; k < options.positionsPerAccount; k++) {
      const i = options.positionsPerAccount === symbols.length ? k : prng.intBetween(0, symbols.length - 1);
      const qty = prng.intBetween(1, 40);
      const long = prng.nextU32() % 2 === 0;
      const [buyer, seller] = long ? [ids[a], ids[a + 1]] : [ids[a + 1], ids[a]];
      const result = house.applyTrade({
        symbol: symbols[i] as string,
        tradeId: tradeId++,
        priceTicks: prices[i] as number,
        qtyLots: qty,
        aggressorSide: 'buy',
        makerAccount: seller as string,
        takerAccount: buyer as string,
      });
      if (!result.ok) throw new Error(result.reason);
    }
  }
  const setupMs = performance.now() - setupStart;

  const marginTimes: number[] = [];
  let check = 0n;
  for (let run = 0; run < options.runs; run++) {
    const start = performance.now();
    for (const initial of house.initialMarginAll('USD')) check += initial;
    marginTimes.push(performance.now() - start);
  }
  if (check <= 0n) throw new Error('no margin computed');

  const endOfDayMs: number[] = [];
  const endOfDayEvents: number[] = [];
  let calls = 0;
  for (let day = 0; day < options.runs; day++) {
    const settlement = new Map<string, number>();
    symbols.forEach((symbol, i) => {
      const moved = Math.max(1, (prices[i] as number) + prng.intBetween(-400, 400));
      prices[i] = moved;
      settlement.set(symbol, moved);
    });
    const start = performance.now();
    const result = house.runSettlement(`2027-01-${String(day + 4).padStart(2, '0')}`, 'end_of_day', settlement, day * 86_400_000);
    endOfDayMs.push(performance.now() - start);
    if (!result.ok) throw new Error(result.reason);
    endOfDayEvents.push(result.events.length);
    calls += result.events.filter((e) => e.type === 'MarginCallIssued').length;
  }
  const sorted = [...marginTimes].sort((a, b) => a - b);
  return {
    accounts: options.accounts,
    instruments: symbols.length,
    positions: (options.accounts - (options.accounts % 2)) * options.positionsPerAccount,
    setupMs,
    marginAllMedianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    marginAllMaxMs: sorted[sorted.length - 1] ?? 0,
    endOfDayMs,
    endOfDayEvents,
    marginCallsIssued: calls,
  };
}

export function registerClearingBench(parent: Command): void {
  parent
    .command('bench')
    .description('performance: margin of 100,000 accounts over 24 instruments (< 1 s) and the end-of-day cycle (< 5 s)')
    .option('--accounts <n>', 'accounts', '100000')
    .option('--positions-per-account <n>', 'instruments each account holds (of 24)', '24')
    .option('--runs <n>', 'margin passes and end-of-day cycles', '3')
    .option('--seed <n>', 'seed', '7')
    .option('--json', 'print JSON')
    .action((opts: { accounts: string; positionsPerAccount: string; runs: string; seed: string; json?: boolean }) => {
      const result = runClearingBench({
        accounts: Number(opts.accounts),
        positionsPerAccount: Math.min(24, Number(opts.positionsPerAccount)),
        runs: Number(opts.runs),
        seed: Number(opts.seed),
      });
      if (opts.json === true) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const ms = (x: number): string => `${x.toFixed(0)} ms`;
      process.stdout.write(
        [
          `clearing bench: ${result.accounts} accounts, ${result.instruments} instruments, ${result.positions} positions ` +
            `(set-up ${ms(result.setupMs)})`,
          `  margin, all accounts   median ${ms(result.marginAllMedianMs)}, max ${ms(result.marginAllMaxMs)}  (target < 1000 ms)`,
          `  end-of-day cycle       ${result.endOfDayMs.map(ms).join(', ')}  (target < 5000 ms)`,
          `  events per cycle       ${result.endOfDayEvents.join(', ')}; margin calls issued ${result.marginCallsIssued}`,
        ].join('\n') + '\n',
      );
    });
}
