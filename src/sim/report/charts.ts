/**
 * The report's charts of a simulation result, as SVG text (src/reports/svg-chart.ts):
 * futures price vs benchmark per day, spread and depth, volume and open interest,
 * margin calls and defaults (with clearing), the plan hedgers' outcomes (when there are
 * any) and one chart per settlement manipulator. Pure and deterministic: the same result
 * gives the same files, in the same order. Prices are plotted in the quote unit (ticks x
 * tick size), money in major units: analytics only. O(days + agents).
 */
import { renderChartSvg, type ChartSeries } from '../../reports/svg-chart.ts';
import type { SimResult } from '../simulation.ts';

export interface ChartFile {
  /** File name, kebab-case, ending in .svg. */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
}

const colors = { benchmark: '#777777', settlement: '#1f5fbf', vwap: '#2ca02c', range: '#d6a0a0', bar: '#7f9fcf', alt: '#e0a040' };

function priceChart(result: SimResult): ChartFile {
  const tick = Number(result.product.tickSize);
  const price = (ticks: number | null): number | null => (ticks === null ? null : ticks * tick);
  const d = result.daily;
  const series: ChartSeries[] = [
    { name: 'benchmark', color: colors.benchmark, kind: 'line', dashed: true, values: d.map((r) => price(r.benchmarkTicks)) },
    { name: 'settlement', color: colors.settlement, kind: 'line', values: d.map((r) => price(r.settlementTicks ?? r.lastTradeTicks)) },
    { name: 'daily VWAP', color: colors.vwap, kind: 'line', values: d.map((r) => price(r.vwapTicks)) },
    { name: 'high', color: colors.range, kind: 'line', values: d.map((r) => price(r.highTicks)) },
    { name: 'low', color: colors.range, kind: 'line', values: d.map((r) => price(r.lowTicks)) },
  ];
  const title = `Futures vs benchmark: ${result.symbol}`;
  const subtitle = `${result.scenario}, seed ${result.seed}: daily settlement, VWAP and range against the benchmark`;
  return {
    name: 'price-vs-benchmark.svg',
    title,
    svg: renderChartSvg({ title, subtitle, labels: labels(result), series, leftUnit: result.product.quoteUnit }),
  };
}

function labels(result: SimResult): string[] {
  return result.daily.map((r) => r.date.slice(5));
}

function liquidityChart(result: SimResult): ChartFile {
  const d = result.daily;
  const series: ChartSeries[] = [
    { name: 'average spread', color: colors.bar, kind: 'bar', values: d.map((r) => r.averageSpreadTicks) },
    { name: 'average top depth', color: colors.alt, kind: 'line', axis: 'right', values: d.map((r) => r.averageTopDepthLots) },
  ];
  const title = 'Liquidity: spread and depth at the touch';
  const subtitle = 'per day, over the ticks with both sides quoted (sampled after every tick)';
  return {
    name: 'spread-and-depth.svg',
    title,
    svg: renderChartSvg({ title, subtitle, labels: labels(result), series, leftUnit: 'ticks', rightUnit: 'lots' }),
  };
}

function volumeChart(result: SimResult): ChartFile {
  const d = result.daily;
  const series: ChartSeries[] = [
    { name: 'volume', color: colors.bar, kind: 'bar', values: d.map((r) => r.volumeLots) },
    { name: 'closing-window volume', color: colors.alt, kind: 'bar', values: d.map((r) => r.closingWindow.volumeLots) },
  ];
  if (d.some((r) => r.openInterestLots !== null)) {
    series.push({ name: 'open interest', color: colors.settlement, kind: 'line', axis: 'right', values: d.map((r) => r.openInterestLots) });
  }
  const title = 'Volume and open interest';
  const subtitle = 'lots traded per day (all and in the closing window); open interest after the settlement';
  return {
    name: 'volume-and-open-interest.svg',
    title,
    svg: renderChartSvg({ title, subtitle, labels: labels(result), series, leftUnit: 'lots', rightUnit: 'lots' }),
  };
}

function marginChart(result: SimResult): ChartFile {
  const d = result.daily;
  const series: ChartSeries[] = [
    { name: 'margin calls', color: colors.alt, kind: 'bar', values: d.map((r) => r.marginCalls) },
    { name: 'defaults', color: '#d62728', kind: 'bar', values: d.map((r) => r.defaults) },
    { name: 'close-out orders', color: colors.benchmark, kind: 'bar', values: d.map((r) => r.closeOutOrders) },
  ];
  const title = 'Margin calls and defaults';
  const subtitle = 'calls issued at the settlement, defaults declared at a missed deadline, close-out orders sent';
  return {
    name: 'margin-calls-and-defaults.svg',
    title,
    svg: renderChartSvg({ title, subtitle, labels: labels(result), series, leftUnit: 'count' }),
  };
}

function hedgersChart(result: SimResult): ChartFile {
  const scale = 10 ** result.product.minorDigits;
  const h = result.planHedgers;
  const money = (minor: string): number => Number(minor) / scale;
  const series: ChartSeries[] = [
    { name: 'exposure change', color: colors.benchmark, kind: 'bar', values: h.map((o) => money(o.exposureChangeMinor)) },
    { name: 'hedge P&L', color: colors.settlement, kind: 'bar', values: h.map((o) => money(o.hedgePnlMinor)) },
    { name: 'net', color: colors.vwap, kind: 'bar', values: h.map((o) => money(o.netMinor)) },
  ];
  const title = "Hedgers' outcomes: hedge P&L against the change in cost exposure";
  const subtitle = `each plan hedger over the run, ${result.product.currency}; exposure change under the plan's ratio`;
  const names = h.map((o) => `${o.account} (${o.role})`);
  return { name: 'hedgers.svg', title, svg: renderChartSvg({ title, subtitle, labels: names, series, leftUnit: result.product.currency }) };
}

function manipulatorChart(result: SimResult, index: number): ChartFile {
  const m = result.manipulators[index]!;
  const series: ChartSeries[] = [
    { name: 'its window lots', color: '#d62728', kind: 'bar', values: m.days.map((d) => d.ownWindowLots) },
    { name: 'others', color: colors.bar, kind: 'bar', values: m.days.map((d) => d.windowVolumeLots - d.ownWindowLots) },
    { name: 'settlement - opening mid', color: colors.settlement, kind: 'line', axis: 'right', values: m.days.map((d) => d.effectTicks) },
    {
      name: 'window VWAP - opening mid',
      color: colors.vwap,
      kind: 'line',
      axis: 'right',
      dashed: true,
      values: m.days.map((d) => d.vwapEffectTicks),
    },
  ];
  const title = `Marking the settlement: ${m.account} (${m.direction})`;
  const subtitle = `closing-window volume per day and the move it made, ticks in its direction (${result.product.closingWindow})`;
  return {
    name: `settlement-manipulation-${index + 1}.svg`,
    title,
    svg: renderChartSvg({ title, subtitle, labels: labels(result), series, leftUnit: 'lots', rightUnit: 'ticks' }),
  };
}

/** The charts of a result, in report order. */
export function simCharts(result: SimResult): ChartFile[] {
  const charts = [priceChart(result), liquidityChart(result), volumeChart(result)];
  if (result.figures.marginCalls !== null) charts.push(marginChart(result));
  if (result.planHedgers.length > 0) charts.push(hedgersChart(result));
  result.manipulators.forEach((_, i) => charts.push(manipulatorChart(result, i)));
  return charts;
}
