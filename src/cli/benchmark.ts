/**
 * `tokex benchmark ...`: list, compute, replicate, restate, chart, stats, attack, settle
 * and publish the token-price and GPU-compute benchmarks (src/core/benchmark). Data defaults
 * to the project's data/ folder. Output files are deterministic (same bytes every run);
 * long jobs draw a progress bar on a terminal.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  canonicalJson,
  computeSeries,
  computeSource,
  finalSettlementValue,
  findMethodology,
  isCivilDate,
  listBenchmarks,
  allMethodologies,
  methodologyHash,
  replicateAudit,
  restateFixing,
  seriesStats,
  simulateAttack,
  tokenSource,
  type Fixing,
  type Methodology,
  type Series,
} from '../core/benchmark/index.ts';
import { readJsonLines, seriesCsv, writeAudit } from '../benchmark-data/audit-io.ts';
import { renderChartSvg } from '../benchmark-data/chart-svg.ts';
import { loadBenchmarkData, type LoadedData } from '../benchmark-data/load.ts';
import { methodologyDoc } from '../benchmark-data/methodology-doc.ts';
import { startProgress } from '../benchmark-data/progress.ts';
import { registerBenchmarkBench } from '../../bench/benchmark-backfill.ts';

/** The project's own data folder (data/ at the repository root). */
export { defaultDataDir } from '../benchmark-data/data-dir.ts';
import { defaultDataDir } from '../benchmark-data/data-dir.ts';

interface RangeOptions {
  data?: string;
  from?: string;
  to?: string;
}

function methodologyOf(id: string): Methodology {
  const methodology = findMethodology(id);
  if (methodology === undefined)
    throw new Error(
      `unknown benchmark ${id}; known: ${listBenchmarks()
        .map((b) => b.id)
        .join(', ')}`,
    );
  return methodology;
}

function checkedDate(text: string | undefined, flag: string): string | undefined {
  if (text !== undefined && !isCivilDate(text)) throw new Error(`${flag}: ${text} is not a YYYY-MM-DD date`);
  return text;
}

function load(opts: RangeOptions): LoadedData {
  const data = loadBenchmarkData(opts.data ?? defaultDataDir);
  return data;
}

function series(methodology: Methodology, data: LoadedData, opts: RangeOptions): Series {
  const progress = startProgress(methodology.id);
  const range = { ...optional('from', checkedDate(opts.from, '--from')), ...optional('to', checkedDate(opts.to, '--to')) };
  try {
    return computeSeries(methodology, data, range, (done, total) => progress.update(done, total));
  } finally {
    progress.stop();
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function reportRejections(data: LoadedData, methodology: Methodology): void {
  const rejections = data.rejections.filter((r) => r.family === methodology.family);
  if (rejections.length === 0) return;
  process.stderr.write(`${rejections.length} input rows rejected (recorded in the audit):\n`);
  for (const r of rejections.slice(0, 10)) process.stderr.write(`  ${r.file}:${r.line}: ${r.reason}\n`);
  if (rejections.length > 10) process.stderr.write(`  ... and ${rejections.length - 10} more\n`);
}

async function writeChart(path: string, methodology: Methodology, s: Series): Promise<void> {
  const svg = renderChartSvg(methodology, s.fixings);
  if (path.endsWith('.svg')) writeFileSync(path, svg);
  else if (path.endsWith('.png')) {
    const { Resvg } = await import('@resvg/resvg-js');
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: 1920 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
      .render()
      .asPng();
    writeFileSync(path, png);
  } else throw new Error(`--out ${path}: the chart file must end in .svg or .png`);
}

export function registerBenchmark(program: Command): void {
  const benchmark = program.command('benchmark').description('token-price and GPU-compute benchmarks: compute, audit, replicate, chart');

  benchmark
    .command('list')
    .description('the benchmarks with id, family, unit and methodology version')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const list = listBenchmarks();
      if (opts.json === true) return print(JSON.stringify(list, null, 2));
      const rows = list.map((b) => [b.id, b.family, b.version, b.unit, b.methodologyHash.slice(0, 12)]);
      const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), 6));
      print(['id', 'family', 'version', 'unit', 'hash'].map((h, i) => h.padEnd(widths[i] ?? 0)).join('  '));
      for (const r of rows)
        print(
          r
            .map((c, i) => c.padEnd(widths[i] ?? 0))
            .join('  ')
            .trimEnd(),
        );
    });

  benchmark
    .command('compute')
    .description('compute the daily series (CSV) and its audit trail (JSON lines); deterministic bytes')
    .requiredOption('--id <id>', 'benchmark id (see `tokex benchmark list`)')
    .option('--data <dir>', 'data folder', defaultDataDir)
    .option('--from <date>', 'first day (default: first observation)')
    .option('--to <date>', 'last day (default: last observation)')
    .requiredOption('--out <file>', 'series CSV to write')
    .option('--audit <file>', 'audit trail (JSON lines) to write')
    .action(async (opts: RangeOptions & { id: string; out: string; audit?: string }) => {
      const methodology = methodologyOf(opts.id);
      const data = load(opts);
      reportRejections(data, methodology);
      const s = series(methodology, data, opts);
      writeFileSync(opts.out, seriesCsv(s.fixings));
      if (opts.audit !== undefined) await writeAudit(opts.audit, s, data.files);
      const valued = s.fixings.filter((f) => f.value !== null).length;
      process.stderr.write(`${methodology.id}: ${s.fixings.length} days ${s.from}..${s.to}, ${valued} with a value -> ${opts.out}\n`);
    });

  benchmark
    .command('replicate')
    .description('recompute every fixing of an audit trail from its recorded inputs; fails on any difference')
    .requiredOption('--audit <file>', 'audit trail written by `tokex benchmark compute --audit`')
    .option('--json', 'print JSON')
    .action(async (opts: { audit: string; json?: boolean }) => {
      const report = replicateAudit(await readJsonLines(opts.audit));
      if (opts.json === true) print(JSON.stringify(report, null, 2));
      else {
        print(
          `${report.benchmarkId ?? '?'}: ${report.fixingsChecked} fixings, ${report.restatementsChecked} restatements recomputed; ` +
            `${report.inputRejections} rejected input rows on record; ${report.differences.length} differences`,
        );
        for (const d of report.differences.slice(0, 20)) print(`  ${d}`);
      }
      if (report.differences.length > 0 || report.fixingsChecked === 0) process.exitCode = 1;
    });

  benchmark
    .command('restate')
    .description('restate one published fixing from corrected inputs: appends an audited restatement, the original is kept')
    .requiredOption('--id <id>', "benchmark id (must be the audit trail's)")
    .requiredOption('--audit <file>', 'audit trail written by `tokex benchmark compute --audit`; the restatement is appended')
    .requiredOption('--date <date>', 'date of the fixing to restate')
    .requiredOption('--reason <text>', 'why (a data error found later, and where)')
    .option('--data <dir>', 'data folder holding the corrected data', defaultDataDir)
    .option('--exclude <obsId...>', 'inputs withdrawn as erroneous (file:line ids from the audit trail)', [])
    .option('--decided <date>', 'decision date (default: today, UTC)')
    .option('--json', 'print the restatement record')
    .action(
      async (opts: {
        id: string;
        audit: string;
        date: string;
        reason: string;
        data: string;
        exclude: string[];
        decided?: string;
        json?: boolean;
      }) => {
        const methodology = methodologyOf(opts.id);
        const date = checkedDate(opts.date, '--date') ?? '';
        const decidedOn = checkedDate(opts.decided, '--decided') ?? new Date().toISOString().slice(0, 10);
        const records = await readJsonLines(opts.audit);
        const header = records[0] as { type?: string; benchmarkId?: string; methodologyHash?: string } | undefined;
        if (header?.type !== 'audit_header' || header.benchmarkId !== methodology.id) {
          throw new Error(`${opts.audit} is not an audit trail of ${methodology.id}`);
        }
        const hash = methodologyHash(methodology);
        if (header.methodologyHash !== hash)
          throw new Error(`${opts.audit} was computed with another methodology version than the published one`);
        const original = records.find((r): r is Fixing => (r as Fixing | undefined)?.type === 'fixing' && (r as Fixing).date === date);
        if (original === undefined) throw new Error(`${opts.audit} has no fixing on ${date}`);
        const excluded = new Set(opts.exclude);
        const unknown = [...excluded].filter((obsId) => !original.inputs.some((input) => input.obsId === obsId));
        if (unknown.length > 0) throw new Error(`--exclude: not inputs of the ${date} fixing: ${unknown.join(', ')}`);
        const data = load(opts);
        const source = methodology.family === 'token' ? tokenSource(methodology, data) : computeSource(methodology, data);
        const correctedInputs = source.inputsOn(date).filter((input) => !excluded.has(input.obsId));
        const restatement = restateFixing({
          methodology,
          methodologyHash: hash,
          original,
          correctedInputs,
          reason: opts.reason,
          decidedOn,
        });
        const record = {
          ...restatement,
          excludedObsIds: [...excluded].sort(),
          dataFiles: data.files.filter((file) => file.file.startsWith(methodology.family === 'token' ? 'token-' : 'gpu-')),
        };
        appendFileSync(opts.audit, `${canonicalJson(record)}\n`);
        if (opts.json === true) print(JSON.stringify(record, null, 2));
        else
          print(
            `${methodology.id} ${date} restated: ${restatement.originalValue ?? 'no value'} -> ` +
              `${restatement.restatedValue ?? 'no value'} ` +
              `(decided ${decidedOn}); appended to ${opts.audit}. Later fixings are unchanged; each needs its own restatement.`,
          );
      },
    );

  benchmark
    .command('chart')
    .description('draw the series with constituent changes and low-confidence days marked (SVG or PNG)')
    .requiredOption('--id <id>', 'benchmark id')
    .option('--data <dir>', 'data folder', defaultDataDir)
    .option('--from <date>', 'first day')
    .option('--to <date>', 'last day')
    .requiredOption('--out <file>', 'FILE.svg or FILE.png')
    .action(async (opts: RangeOptions & { id: string; out: string }) => {
      const methodology = methodologyOf(opts.id);
      await writeChart(opts.out, methodology, series(methodology, load(opts), opts));
    });

  benchmark
    .command('stats')
    .description('volatility, largest moves, drawdown and contributor counts (inputs for margin calibration)')
    .requiredOption('--id <id>', 'benchmark id')
    .option('--data <dir>', 'data folder', defaultDataDir)
    .option('--from <date>', 'first day')
    .option('--to <date>', 'last day')
    .option('--json', 'print JSON')
    .action((opts: RangeOptions & { id: string; json?: boolean }) => {
      const methodology = methodologyOf(opts.id);
      const stats = seriesStats(series(methodology, load(opts), opts).fixings);
      if (opts.json === true) return print(JSON.stringify(stats, null, 2));
      print(
        [
          `${stats.benchmarkId} ${stats.from}..${stats.to} (${stats.days} days)`,
          `days by confidence     ${Object.entries(stats.daysByConfidence)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
          `first / last value     ${stats.first?.value ?? '-'} (${stats.first?.date ?? '-'}) / ${stats.last?.value ?? '-'} ` +
            `(${stats.last?.date ?? '-'})`,
          `daily returns          ${stats.returns}`,
          `volatility             ${stats.dailyVolatilityPct}% daily, ${stats.annualisedVolatilityPct}% annualised (x sqrt 365)`,
          `|daily move| p95, p99  ${stats.absDailyMoveP95Pct}%, ${stats.absDailyMoveP99Pct}%`,
          `worst 5-day move       ${stats.worstFiveDayMovePct}%`,
          `max drawdown           ${stats.maxDrawdownPct}% (${stats.drawdownPeak ?? '-'} to ${stats.drawdownTrough ?? '-'})`,
          `largest moves          ${stats.largestMoves.map((m) => `${m.date} ${m.movePct}%`).join(', ')}`,
          `contributors           min ${stats.contributors.min}, median ${stats.contributors.median}, max ${stats.contributors.max}`,
          `constituent changes    ${stats.constituentChanges}`,
        ].join('\n'),
      );
    });

  benchmark
    .command('attack')
    .description('one contributor controlling a share S of the inputs quotes adversarially: the largest move it causes')
    .requiredOption('--id <id>', 'benchmark id')
    .requiredOption('--share <s>', 'share of the inputs (by weight) the adversary controls, 0 < S < 1')
    .option('--data <dir>', 'data folder', defaultDataDir)
    .option('--from <date>', 'first day')
    .option('--to <date>', 'last day')
    .option('--json', 'print JSON')
    .action((opts: RangeOptions & { id: string; share: string; json?: boolean }) => {
      const share = Number(opts.share);
      if (!(share > 0 && share < 1)) throw new Error(`--share: ${opts.share} is not between 0 and 1`);
      const methodology = methodologyOf(opts.id);
      const s = series(methodology, load(opts), opts);
      const report = simulateAttack({ methodology, methodologyHash: s.methodologyHash, fixings: s.fixings, share });
      if (opts.json === true) print(JSON.stringify(report, null, 2));
      else {
        print(`${report.benchmarkId}: adversary with share ${share} over ${report.daysTested} fixings`);
        print(
          `largest move ${report.maxMovePct.toFixed(4)}%` +
            (report.worst === null
              ? ''
              : ` on ${report.worst.date} (quote ${report.worst.quoteUsd.toPrecision(6)}: ${report.worst.baselineValue} -> ` +
                `${report.worst.attackedValue})`),
        );
        print(`p95 move ${report.p95MovePct.toFixed(4)}%; fixings above the ${report.targetPct}% target: ${report.daysAboveTarget}`);
        print(`anchoring days tested ${report.anchoringDaysTested}; largest move on one ${report.anchoringMaxMovePct.toFixed(4)}%`);
      }
      if (report.maxMovePct > report.targetPct) process.exitCode = 1;
    });

  benchmark
    .command('settle')
    .description('final settlement value of a contract on a last trading day (mean of the last N daily fixings)')
    .requiredOption('--id <id>', 'benchmark id')
    .requiredOption('--date <date>', 'last trading day')
    .option('--data <dir>', 'data folder', defaultDataDir)
    .option('--json', 'print the audit record as JSON')
    .action((opts: RangeOptions & { id: string; date: string; json?: boolean }) => {
      const methodology = methodologyOf(opts.id);
      const lastTradingDate = checkedDate(opts.date, '--date') ?? '';
      const s = series(methodology, load(opts), { ...opts, to: lastTradingDate });
      const record = finalSettlementValue({ fixings: s.fixings, lastTradingDate });
      if (opts.json === true) print(JSON.stringify(record, null, 2));
      else
        print(
          `${methodology.id} final settlement ${lastTradingDate}: ${record.value ?? 'no value'} from ` +
            `${record.fixingsUsed.map((f) => `${f.date} ${f.value}`).join(', ')}`,
        );
      if (record.value === null) process.exitCode = 1;
    });

  benchmark
    .command('publish')
    .description('regenerate docs/benchmarks (series CSV and SVG chart of every benchmark) and docs/methodology/<ID>.md')
    .option('--data <dir>', 'data folder', defaultDataDir)
    .option('--out <dir>', 'folder for series and charts', 'docs/benchmarks')
    .option('--docs <dir>', 'folder for the methodology pages', 'docs/methodology')
    .action(async (opts: { data: string; out: string; docs: string }) => {
      const data = load(opts);
      mkdirSync(opts.out, { recursive: true });
      mkdirSync(opts.docs, { recursive: true });
      for (const methodology of allMethodologies()) {
        const s = series(methodology, data, {});
        writeFileSync(join(opts.out, `${methodology.id}.csv`), seriesCsv(s.fixings));
        await writeChart(join(opts.out, `${methodology.id}.svg`), methodology, s);
        writeFileSync(join(opts.docs, `${methodology.id}.md`), methodologyDoc(s));
        process.stderr.write(`${methodology.id}: ${s.from}..${s.to}\n`);
      }
    });

  registerBenchmarkBench(program, defaultDataDir);
}
