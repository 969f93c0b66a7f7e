/**
 * `tokex hedge plan | backtest | orders | pack`: hedging tools for firms that buy or sell
 * AI tokens and GPU time (src/core/hedging; format and method in docs/hedging.md).
 *
 * The adapter reads the exposure file (JSON or CSV by extension), the firm's own prices
 * (`--prices`, or the exposure's `ownPrice`: a file relative to the exposure, or derived
 * from data/), the product files and the benchmark series computed from data/ (as
 * `tokex benchmark` does), and prints text or JSON. Input problems are reported with
 * file, line or field, reason and reject code; the exit code is then 1. Output files are
 * deterministic (same inputs, same bytes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isCivilDate, type Fixing } from '../core/benchmark/index.ts';
import type { ProductSpec } from '../core/contracts/index.ts';
import {
  backtestHedge,
  buildPlan,
  documentationMarkdown,
  exposureFromCsv,
  exposureFromJson,
  hedgeOrders,
  ownPricesFromCsv,
  planFromJson,
  type Exposure,
  type HedgeBacktest,
  type HedgePlan,
  type OwnPriceSeries,
} from '../core/hedging/index.ts';
import { loadBenchmarkData, type LoadedData } from '../benchmark-data/load.ts';
import { defaultProductsDir, loadProducts } from '../contracts-data/products.ts';
import {
  benchmarkFixings,
  hedgeProduct,
  ownPriceFromSource,
  readInputText as readText,
  unwrapParsed as unwrap,
} from '../hedging-data/index.ts';
import { renderHedgeBacktestSvg } from '../reports/hedge-backtest-chart.ts';
import { defaultDataDir } from './benchmark.ts';

interface CommonOptions {
  exposure: string;
  prices?: string;
  data?: string;
  products?: string;
  asOf?: string;
  json?: boolean;
}

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function readExposure(path: string, asOf: string | undefined): Exposure {
  const body = readText(path, '--exposure');
  let exposure: Exposure;
  if (path.endsWith('.csv')) exposure = unwrap(exposureFromCsv(path, body));
  else if (path.endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      throw new Error(`${path}: not JSON: ${error instanceof Error ? error.message : String(error)} (1201 exposure_invalid)`, {
        cause: error,
      });
    }
    exposure = unwrap(exposureFromJson(path, json));
  } else throw new Error(`--exposure ${path}: the file must end in .json or .csv`);
  if (asOf === undefined) return exposure;
  if (!isCivilDate(asOf)) throw new Error(`--as-of: ${asOf} is not a YYYY-MM-DD date`);
  return { ...exposure, planDate: asOf };
}

interface Context {
  readonly exposure: Exposure;
  readonly product: ProductSpec;
  readonly fixings: readonly Fixing[];
  readonly own: OwnPriceSeries;
}

function context(opts: CommonOptions): Context {
  const exposure = readExposure(opts.exposure, opts.asOf);
  const products = loadProducts(opts.products ?? defaultProductsDir);
  const { product, methodology } = hedgeProduct(exposure, products);
  let data: LoadedData | null = null;
  const load = (): LoadedData => (data ??= loadBenchmarkData(opts.data ?? defaultDataDir));
  const fixings = benchmarkFixings(methodology, load(), exposure.planDate);
  return { exposure, product, fixings, own: ownPrice(exposure, opts.prices, load) };
}

function ownPrice(exposure: Exposure, prices: string | undefined, load: () => LoadedData): OwnPriceSeries {
  if (prices !== undefined) return unwrap(ownPricesFromCsv(prices, readText(prices, '--prices')));
  const source = exposure.ownPrice;
  if (source === null) {
    throw new Error(`${exposure.file}: no own price: give --prices FILE or an "ownPrice" in the exposure (1202 price_history_invalid)`);
  }
  return ownPriceFromSource(exposure, source, load);
}

const verdictOf = (r: { effective: boolean; detail: string }): string => (r.effective ? 'effective' : `not effective (${r.detail})`);
const pct = (x: number): string => `${x.toFixed(1)}%`;
const pctOrNa = (x: number | null): string => (x === null ? 'n/a' : pct(x));
const num = (x: number | null, d = 3): string => (x === null ? 'n/a' : x.toFixed(d));

function planText(plan: HedgePlan): string {
  const lines = [
    `${plan.firm}: ${plan.role} of ${plan.product.quoteUnit.replace('USD per ', '')}, hedged with ${plan.product.root} ` +
      `(${plan.product.benchmarkId}), plan date ${plan.planDate}`,
    `own price: ${plan.ownPriceSource}`,
    `history: ${plan.history.changes} monthly changes ${plan.history.from ?? ''}..${plan.history.to ?? ''} ` +
      `(${plan.history.nonZeroOwnChanges} non-zero own, ${plan.history.nonZeroBenchmarkChanges} non-zero benchmark)`,
    `basis: latest ${plan.basis.basis ?? 'n/a'} (firm ${plan.basis.ownPrice ?? 'n/a'} vs benchmark ${plan.basis.benchmark ?? 'n/a'}), ` +
      `mean ${plan.basis.meanBasis}, sd ${plan.basis.basisStdDev}`,
    `hedge ratio: ${num(plan.ratio.minimumVariance)} (95% ${num(plan.ratio.low)}..${num(plan.ratio.high)}), R-squared ` +
      `${num(plan.ratio.rSquared)}, ` +
      `used ${num(plan.ratio.used)}`,
    `contracts (${plan.side}, rounding ${plan.rounding}):`,
    ...plan.contracts.map(
      (c) =>
        `  ${c.month} ${c.symbol.padEnd(8)} qty ${c.quantity.padStart(10)}  exact ${c.contractsExact.toFixed(3).padStart(9)}  ` +
        `-> ${String(c.contracts).padStart(4)}${c.listedOnPlanDate ? '' : `  (lists ${c.listingDate})`}`,
    ),
    `reference price ${plan.referencePrice.price} (benchmark ${plan.referencePrice.benchmarkValue} on ${plan.referencePrice.date}); ` +
      `initial margin ${plan.initialMarginUsd.total} ${plan.product.currency}`,
    `expected variance reduction: ${pct(plan.varianceReduction.atMinimumVariancePct)} (whole contracts ` +
      `${pct(plan.varianceReduction.atRoundedContractsPct)})`,
    `prospective: regression ${verdictOf(plan.prospective.regression)}; ` + `dollar offset ${num(plan.prospective.dollarOffset.ratio)}`,
    `rebalancing: ${plan.rebalancing.signal} (recent ratio ${num(plan.rebalancing.recentRatio)})`,
    'scenarios (USD: item, hedge, net):',
    ...plan.scenarios.map(
      (s) => `  ${s.name.padEnd(18)} ${s.itemChangeUsd.padStart(14)} ${s.hedgePnlUsd.padStart(14)} ${s.netUsd.padStart(14)}`,
    ),
    ...plan.notes.map((n) => `note: ${n}`),
  ];
  return lines.join('\n');
}

function backtestText(b: HedgeBacktest): string {
  const lines = [
    `${b.firm}: walk-forward backtest on ${b.benchmarkId}, ${b.months.length} months, ${b.monthlyQuantity} units a month`,
    'month    ratio  contracts  own from -> to          benchmark from -> to     item USD     hedge USD      net USD  offset',
    ...b.months.map(
      (m) =>
        `${m.month}  ${m.ratio.toFixed(3)}  ${String(m.contracts).padStart(9)}  ${m.ownFrom.toFixed(4).padStart(9)} -> ${m.ownTo
          .toFixed(4)
          .padEnd(9)}  ${m.benchmarkFrom.padStart(11)} -> ${m.benchmarkTo.padEnd(11)}  ${m.itemChangeUsd.toFixed(2).padStart(11)}  ` +
        `${m.hedgePnlUsd.toFixed(2).padStart(11)}  ${m.netUsd.toFixed(2).padStart(11)}  ` +
        `${num(m.dollarOffset.ratio, 2)}${m.rebalanced ? '  R' : ''}`,
    ),
    `monthly sd: unhedged ${b.unhedgedStdDevUsd.toFixed(2)} USD, hedged ${b.hedgedStdDevUsd.toFixed(2)} USD; variance reduction ` +
      `${pctOrNa(b.varianceReductionPct)} (one-for-one ${pctOrNa(b.oneForOneVarianceReductionPct)})`,
    `retrospective: regression ${b.regression.effective ? 'effective' : `not effective (${b.regression.detail})`}; ` +
      `cumulative dollar offset ` +
      `${num(b.cumulativeDollarOffset.ratio)} (${b.cumulativeDollarOffset.effective === true ? 'effective' : 'not effective'}); ` +
      `monthly offsets effective ${b.monthsOffsetEffective}/${b.monthsOffsetMeasurable}; rebalances ${b.rebalances}`,
    ...b.notes.map((n) => `note: ${n}`),
  ];
  return lines.join('\n');
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function withCommon(command: Command): Command {
  return command
    .requiredOption('--exposure <file>', 'exposure file (.json or .csv; docs/hedging.md)')
    .option('--prices <file>', "the firm's own price history (CSV: date,price or date,amount_usd,quantity)")
    .option('--data <dir>', 'benchmark data folder', defaultDataDir)
    .option('--products <dir>', 'product files', defaultProductsDir)
    .option('--as-of <date>', "plan date (default: the exposure's planDate)");
}

export function registerHedge(program: Command): void {
  const hedge = program.command('hedge').description('hedging tools: hedge ratio, contracts, effectiveness, backtest, orders');

  withCommon(hedge.command('plan').description('basis, hedge ratio, contracts per month, scenarios and prospective effectiveness'))
    .option('--json', 'print the plan as JSON (input of `tokex hedge orders --plan`)')
    .action((opts: CommonOptions) => {
      const c = context(opts);
      const plan = unwrap(buildPlan(c));
      print(opts.json === true ? json(plan) : planText(plan));
    });

  withCommon(hedge.command('backtest').description('how the hedge would have done over the real history, month by month (walk-forward)'))
    .option('--json', 'print JSON')
    .option('--chart <file>', 'write an SVG chart')
    .action((opts: CommonOptions & { chart?: string }) => {
      const c = context(opts);
      const report = unwrap(backtestHedge(c));
      if (opts.chart !== undefined) writeFileSync(opts.chart, renderHedgeBacktestSvg(report, `${report.firm}: hedge backtest`));
      print(opts.json === true ? json(report) : backtestText(report));
    });

  hedge
    .command('orders')
    .description('the orders a plan asks for, as JSON bodies for POST /v1/orders')
    .requiredOption('--plan <file>', 'plan written by `tokex hedge plan --json`')
    .action((opts: { plan: string }) => {
      let value: unknown;
      try {
        value = JSON.parse(readText(opts.plan, '--plan'));
      } catch (error) {
        if (error instanceof SyntaxError) throw new Error(`--plan ${opts.plan}: not JSON: ${error.message}`, { cause: error });
        throw error;
      }
      const checked = planFromJson(opts.plan, value);
      if (!checked.ok) throw new Error(`--plan: ${checked.reason}`);
      const result = hedgeOrders(checked.plan);
      for (const d of result.deferred) process.stderr.write(`deferred: ${d.symbol} ${d.contracts} contracts, lists ${d.listingDate}\n`);
      print(json(result.orders));
    });

  withCommon(hedge.command('pack').description('write the documentation pack: plan (JSON, Markdown), backtest (JSON, SVG), orders'))
    .requiredOption('--out <dir>', 'output folder')
    .action((opts: CommonOptions & { out: string }) => {
      const c = context(opts);
      const plan = unwrap(buildPlan(c));
      const backtest = backtestHedge(c);
      const report = backtest.ok ? backtest.value : null;
      mkdirSync(opts.out, { recursive: true });
      writeFileSync(join(opts.out, 'plan.json'), json(plan));
      writeFileSync(join(opts.out, 'hedge-documentation.md'), documentationMarkdown(plan, report));
      writeFileSync(join(opts.out, 'orders.json'), json(hedgeOrders(plan)));
      if (report !== null) {
        writeFileSync(join(opts.out, 'backtest.json'), json(report));
        writeFileSync(join(opts.out, 'backtest.svg'), renderHedgeBacktestSvg(report, `${report.firm}: hedge backtest`));
      }
      process.stderr.write(`${plan.firm}: pack written to ${opts.out}\n`);
    });
}
