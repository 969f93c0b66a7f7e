/**
 * `tokex margin calibrate | backtest` and `tokex clearing stress`: the clearing house's
 * risk analytics over the real benchmark history (data/ via src/benchmark-data, the
 * product files via `loadProducts`), printed as text or JSON (bigint as decimal strings).
 *
 * A product root maps to its benchmark through its product file; `--benchmark ID` with
 * `--tick-size` and `--tick-value-minor` works without one. `stress` runs the cover-2
 * test on a seeded synthetic population of members (positions at today's benchmark
 * levels) until the engine serves live positions; the output says so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { renderBacktestSvg } from '../reports/margin-backtest-chart.ts';
import { Prng, minor } from '../core/kernel/index.ts';
import { computeSeries, findMethodology, listBenchmarks, type Fixing } from '../core/benchmark/index.ts';
import type { ProductSpec } from '../core/contracts/index.ts';
import {
  backtestMargin,
  calibrateMargin,
  clearingProductOf,
  ClearingHouse,
  coverTwo,
  defaultCalibrationOptions,
  stressScenarios,
  valueToTicks,
  type CalibrationOptions,
  type CalibrationReport,
  type StressMove,
} from '../core/clearing/index.ts';
import { loadBenchmarkData } from '../benchmark-data/load.ts';
import { defaultDataDir } from './benchmark.ts';
import { registerClearingBench } from '../../bench/clearing-cycle.ts';
import { defaultProductsDir, loadProducts } from '../contracts-data/products.ts';

interface ProductOptions {
  product?: string;
  benchmark?: string;
  tickSize?: string;
  tickValueMinor?: string;
  data?: string;
  products?: string;
  confidence?: string;
  lookbackDays?: string;
  holdingDays?: string;
  floorWeight?: string;
  scanMinBps?: string;
  json?: boolean;
}

interface Target {
  readonly root: string;
  readonly benchmarkId: string;
  readonly tickSize: string;
  readonly tickValueMinor: bigint;
  readonly currency: string;
  readonly minorDigits: number;
  readonly spec: ProductSpec | null;
}

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

function number(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${flag}: ${text} is not a number`);
  return value;
}

function calibrationOptions(opts: ProductOptions): CalibrationOptions {
  return {
    ...defaultCalibrationOptions,
    confidence: number(opts.confidence, '--confidence', defaultCalibrationOptions.confidence),
    lookbackDays: number(opts.lookbackDays, '--lookback-days', defaultCalibrationOptions.lookbackDays),
    holdingPeriodDays: number(opts.holdingDays, '--holding-days', defaultCalibrationOptions.holdingPeriodDays),
    stressedFloorWeight: number(opts.floorWeight, '--floor-weight', defaultCalibrationOptions.stressedFloorWeight),
    scanRangeBpsMin: number(opts.scanMinBps, '--scan-min-bps', defaultCalibrationOptions.scanRangeBpsMin),
  };
}

function targetOf(opts: ProductOptions): Target {
  if (opts.benchmark !== undefined) {
    if (opts.tickSize === undefined || opts.tickValueMinor === undefined) {
      throw new Error('--benchmark needs --tick-size and --tick-value-minor (the contract unit in money per tick)');
    }
    if (!/^[1-9][0-9]*$/.test(opts.tickValueMinor)) throw new Error(`--tick-value-minor: ${opts.tickValueMinor} is not a positive integer`);
    return {
      root: opts.product ?? opts.benchmark,
      benchmarkId: opts.benchmark,
      tickSize: opts.tickSize,
      tickValueMinor: BigInt(opts.tickValueMinor),
      currency: 'USD',
      minorDigits: 2,
      spec: null,
    };
  }
  if (opts.product === undefined) throw new Error('--product ROOT (or --benchmark ID) is required');
  const products = loadProducts(opts.products ?? defaultProductsDir);
  const spec = products.find((p) => p.root === opts.product);
  if (spec === undefined) throw new Error(`--product: unknown root ${opts.product}; known: ${products.map((p) => p.root).join(', ')}`);
  return {
    root: spec.root,
    benchmarkId: spec.benchmarkId,
    tickSize: spec.tickSize,
    tickValueMinor: BigInt(spec.tickValueMinor),
    currency: spec.quote.currency,
    minorDigits: spec.quote.minorDigits,
    spec,
  };
}

function fixingsOf(benchmarkId: string, dataDir: string | undefined): readonly Fixing[] {
  const methodology = findMethodology(benchmarkId);
  if (methodology === undefined) {
    throw new Error(
      `unknown benchmark ${benchmarkId}; known: ${listBenchmarks()
        .map((b) => b.id)
        .join(', ')}`,
    );
  }
  return computeSeries(methodology, loadBenchmarkData(dataDir ?? defaultDataDir)).fixings;
}

function money(value: bigint, digits: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const text = `${abs / scale}.${(abs % scale).toString().padStart(digits, '0')}`;
  return negative ? `-${text}` : text;
}

function describeCalibration(target: Target, report: CalibrationReport, lastValue: string | null): string[] {
  const p = report.params;
  const o = report.options;
  const lines = [
    `${target.root}: margin calibrated from ${report.benchmarkId} (${report.from} to ${report.to}), as of ${report.asOf}`,
    `  method      ${o.holdingPeriodDays}-day moves, ${o.confidence * 100}% quantile of |move|, look-back ${o.lookbackDays} days ` +
      `(${report.returnsInWindow} moves), ${report.returns} moves in all`,
    `  current     ${report.currentMovePct}%`,
    `  stressed    ${report.stressedMovePct}% (window ${report.stressedWindow.from} to ${report.stressedWindow.to}); ` +
      `floor ${o.stressedFloorWeight * 100}% of it = ${report.floorMovePct}%`,
    `  binding     ${report.binding}`,
    `  worst move  ${report.worstMovePct}% (${o.holdingPeriodDays} days to ${report.worstMoveDate})`,
    `  parameters  scan range ${p.scanRangeBps} bp, spread charge ${p.spreadChargeBps} bp, ` +
      `initial/maintenance ${p.initialToMaintenance.num}/${p.initialToMaintenance.den}`,
  ];
  if (lastValue !== null) {
    const price = valueToTicks(lastValue, target.tickSize);
    const house = new ClearingHouse({
      currencies: [target.currency],
      marginCallWindowMs: 1,
      skinInTheGameMinor: minor(0n),
      assessmentMultiple: 0,
    });
    house.addProduct({
      root: target.root,
      currency: target.currency,
      tickValueMinor: minor(target.tickValueMinor),
      makerFeePerLotMinor: minor(0n),
      takerFeePerLotMinor: minor(0n),
      margin: p,
    });
    house.registerInstrument(target.root, target.root, price);
    const m = clearingMarginOne(house, target.root, price);
    lines.push(
      `  one contract at ${lastValue}: initial ${money(m.initial, target.minorDigits)} ${target.currency}, ` +
        `maintenance ${money(m.maintenance, target.minorDigits)} ${target.currency}`,
    );
    if (target.spec !== null)
      lines.push(
        `  product file starting rates: initial ${target.spec.margin.initialBps} bp, maintenance ${target.spec.margin.maintenanceBps} bp`,
      );
  }
  return lines;
}

function clearingMarginOne(house: ClearingHouse, symbol: string, priceTicks: number): { initial: bigint; maintenance: bigint } {
  house.addMember('M');
  house.openAccount('one', 'M', 'house');
  house.addMember('N');
  house.openAccount('other', 'N', 'house');
  house.applyTrade({ symbol, tradeId: 1, priceTicks, qtyLots: 1, aggressorSide: 'buy', makerAccount: 'other', takerAccount: 'one' });
  const level = house.marginOf('one').byCurrency.values().next().value;
  return { initial: level?.initialMinor ?? 0n, maintenance: level?.maintenanceMinor ?? 0n };
}

function lastValueOf(fixings: readonly Fixing[]): string | null {
  for (let i = fixings.length - 1; i >= 0; i--) {
    const f = fixings[i];
    if (f !== undefined && f.value !== null) return f.value;
  }
  return null;
}

const productOptions = (command: Command): Command =>
  command
    .option('--product <root>', 'product root, e.g. TOK (mapped to its benchmark by the product file)')
    .option('--benchmark <id>', 'benchmark id, without a product file (needs --tick-size and --tick-value-minor)')
    .option('--tick-size <decimal>', 'price step in the benchmark unit, with --benchmark')
    .option('--tick-value-minor <n>', 'money per tick per contract in minor units, with --benchmark (the contract unit)')
    .option('--confidence <p>', 'quantile of moves covered', String(defaultCalibrationOptions.confidence))
    .option('--lookback-days <n>', 'look-back of the current window', String(defaultCalibrationOptions.lookbackDays))
    .option('--holding-days <n>', 'margin period of risk in days', String(defaultCalibrationOptions.holdingPeriodDays))
    .option(
      '--floor-weight <w>',
      'anti-procyclical floor as a share of the stressed quantile',
      String(defaultCalibrationOptions.stressedFloorWeight),
    )
    .option('--scan-min-bps <n>', 'least scan range in basis points', String(defaultCalibrationOptions.scanRangeBpsMin))
    .option('--data <dir>', 'benchmark data folder')
    .option('--products <dir>', 'product files folder')
    .option('--json', 'print JSON');

export function registerClearing(program: Command): void {
  const margin = program.command('margin').description('margin calibration and backtest from the benchmark history');

  productOptions(margin.command('calibrate').description('SPAN parameters of a product from its benchmark history, with a report')).action(
    (opts: ProductOptions) => {
      const target = targetOf(opts);
      const fixings = fixingsOf(target.benchmarkId, opts.data);
      const { params, report } = calibrateMargin(fixings, calibrationOptions(opts));
      if (opts.json === true) return print(json({ product: target.root, params, report }));
      print(describeCalibration(target, report, lastValueOf(fixings)).join('\n'));
    },
  );

  productOptions(margin.command('backtest').description('share of days the one-day loss stayed within initial margin, breaches, chart'))
    .option('--chart <file>', 'SVG chart of losses, margin and breaches', '')
    .action((opts: ProductOptions & { chart: string }) => {
      const target = targetOf(opts);
      const fixings = fixingsOf(target.benchmarkId, opts.data);
      const report = backtestMargin(
        fixings,
        { tickSize: target.tickSize, tickValueMinor: target.tickValueMinor },
        calibrationOptions(opts),
      );
      const chart = opts.chart === '' ? `var/margin-backtest-${target.root}.svg` : opts.chart;
      mkdirSync(dirname(chart), { recursive: true });
      writeFileSync(
        chart,
        renderBacktestSvg(report, `${target.root} margin backtest against ${target.benchmarkId}`, target.minorDigits, target.currency),
      );
      const { days: _days, ...summary } = report;
      if (opts.json === true) return print(json({ product: target.root, chart, ...summary }));
      print(
        [
          `${target.root} margin backtest against ${report.benchmarkId}, ${report.from} to ${report.to}`,
          `  days tested  ${report.daysTested} (margin set the evening before from history up to then)`,
          `  breaches     ${report.breachCount}`,
          `  coverage     ${report.coveragePct}% (target ${report.targetPct}%): ${report.passed ? 'PASS' : 'FAIL'}`,
          ...report.breaches.map(
            (b) =>
              `    ${b.date}: loss ${money(b.lossMinor, target.minorDigits)} > margin ${money(b.initialMarginMinor, target.minorDigits)} ` +
              `${target.currency} (${b.previousPriceTicks} -> ${b.priceTicks} ticks, scan ${b.scanRangeBps} bp)`,
          ),
          `  chart        ${chart}`,
        ].join('\n'),
      );
    });

  const clearing = program.command('clearing').description('clearing house risk: default fund sizing, performance');
  registerClearingBench(clearing);
  clearing
    .command('stress')
    .description('cover-2 stress test: default fund size from the two members with the largest stress losses beyond margin')
    .option('--members <n>', 'members of the synthetic population', '12')
    .option('--accounts <n>', 'accounts per member', '4')
    .option('--trades <n>', 'random trades between accounts', '400')
    .option('--seed <n>', 'seed of the population', '1')
    .option('--data <dir>', 'benchmark data folder')
    .option('--products <dir>', 'product files folder')
    .option('--json', 'print JSON')
    .action(
      (opts: { members: string; accounts: string; trades: string; seed: string; data?: string; products?: string; json?: boolean }) => {
        print(runStress(opts));
      },
    );
}

function runStress(opts: {
  members: string;
  accounts: string;
  trades: string;
  seed: string;
  data?: string;
  products?: string;
  json?: boolean;
}): string {
  const members = number(opts.members, '--members', 12);
  const perMember = number(opts.accounts, '--accounts', 4);
  const tradeCount = number(opts.trades, '--trades', 400);
  const seed = number(opts.seed, '--seed', 1);
  if (members < 2 || perMember < 1) throw new Error('--members must be >= 2 and --accounts >= 1');
  const specs = loadProducts(opts.products ?? defaultProductsDir);
  const data = loadBenchmarkData(opts.data ?? defaultDataDir);
  const currency = specs[0]?.quote.currency ?? 'USD';
  const house = new ClearingHouse({
    currencies: [currency],
    marginCallWindowMs: 3_600_000,
    skinInTheGameMinor: minor(0n),
    assessmentMultiple: 1,
  });
  const moves: StressMove[] = [];
  const calibrated: unknown[] = [];
  const symbols: string[] = [];
  const prices: number[] = [];
  for (const spec of specs) {
    const methodology = findMethodology(spec.benchmarkId);
    if (methodology === undefined) continue;
    const fixings = computeSeries(methodology, data).fixings;
    const { params, report } = calibrateMargin(fixings, defaultCalibrationOptions);
    const last = lastValueOf(fixings);
    if (last === null) continue;
    house.addProduct(clearingProductOf(spec, params));
    house.registerInstrument(spec.root, spec.root, valueToTicks(last, spec.tickSize));
    symbols.push(spec.root);
    prices.push(valueToTicks(last, spec.tickSize));
    // Extreme but plausible: the worst historical rise and fall over the holding period, at least 2 scan ranges; falls below 95%.
    const upBps = Math.max(Math.ceil(report.worstRisePct * 100), 2 * params.scanRangeBps);
    const downBps = Math.min(9_500, Math.max(Math.ceil(report.worstFallPct * 100), 2 * params.scanRangeBps));
    moves.push({ root: spec.root, upBps, downBps });
    calibrated.push({ root: spec.root, price: last, scanRangeBps: params.scanRangeBps, stressUpBps: upBps, stressDownBps: downBps });
  }
  const prng = new Prng(seed);
  const accounts: string[] = [];
  for (let m = 0; m < members; m++) {
    const member = `M${String(m + 1).padStart(2, '0')}`;
    house.addMember(member);
    for (let a = 0; a < perMember; a++) {
      const id = `${member}-${a + 1}`;
      house.openAccount(id, member, a === 0 ? 'house' : 'customer');
      accounts.push(id);
    }
  }
  for (let t = 0; t < tradeCount; t++) {
    const buyer = accounts[prng.intBetween(0, accounts.length - 1)] as string;
    const seller = accounts[prng.intBetween(0, accounts.length - 1)] as string;
    const k = prng.intBetween(0, symbols.length - 1);
    if (buyer === seller) continue;
    house.applyTrade({
      symbol: symbols[k] as string,
      tradeId: t + 1,
      priceTicks: prices[k] as number,
      qtyLots: prng.intBetween(1, 200),
      aggressorSide: 'buy',
      makerAccount: seller,
      takerAccount: buyer,
    });
  }
  const report = coverTwo(house.exposures(currency), stressScenarios(moves));
  if (opts.json === true)
    return json({
      population: { seed, members, accountsPerMember: perMember, trades: tradeCount, synthetic: true },
      products: calibrated,
      ...report,
    });
  const digits = specs[0]?.quote.minorDigits ?? 2;
  const rows = report.members.map(
    (m) =>
      `  ${m.member}  margin ${money(m.initialMarginMinor, digits).padStart(14)}  ` +
      `beyond margin ${money(m.uncoveredMinor, digits).padStart(14)}  ` +
      `(${m.worstScenario || '-'})  contribution ${money(m.contributionMinor, digits).padStart(13)}`,
  );
  return [
    `cover-2 stress test (synthetic population: ${members} members x ${perMember} accounts, ${tradeCount} trades, seed ${seed})`,
    `  stress moves: ${moves.map((m) => `${m.root} +${m.upBps}/-${m.downBps} bp`).join(', ')}, and all together`,
    ...rows,
    `  cover 2: ${report.coverTwo.members.join(' + ')} in "${report.coverTwo.scenario}"`,
    `  default fund: ${money(report.defaultFundMinor, digits)} ${currency}, shared pro rata to initial margin`,
  ].join('\n');
}
