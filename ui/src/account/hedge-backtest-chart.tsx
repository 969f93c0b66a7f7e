/**
 * The hedge backtest by month: the hedge's P&L and the change of the firm's own cost as
 * bars, and the running net (hedge plus item) as a line, in USD. Numbers for drawing only.
 */
import { HistogramSeries, LineSeries } from 'lightweight-charts';
import { useEffect, type ReactNode } from 'react';
import { chartColors, useChart } from '../charts/use-chart.ts';
import type { BacktestMonth } from './plan-reading.ts';

export function HedgeBacktestChart({ months }: { readonly months: readonly BacktestMonth[] }): ReactNode {
  const { ref, chart } = useChart();
  useEffect(() => {
    if (chart === null) return undefined;
    const hedge = chart.addSeries(HistogramSeries, { color: `${chartColors.line}c0`, priceLineVisible: false, title: 'hedge P&L' });
    const item = chart.addSeries(HistogramSeries, { color: `${chartColors.marker}c0`, priceLineVisible: false, title: 'own cost change' });
    const net = chart.addSeries(LineSeries, { color: chartColors.up, lineWidth: 2, title: 'cumulative net' });
    const time = (month: string): string => `${month}-01`;
    let running = 0;
    hedge.setData(months.map((m) => ({ time: time(m.month), value: m.hedgePnlUsd })));
    item.setData(months.map((m) => ({ time: time(m.month), value: m.itemChangeUsd })));
    net.setData(
      months.map((m) => {
        running += m.netUsd;
        return { time: time(m.month), value: running };
      }),
    );
    chart.timeScale().fitContent();
    return () => {
      for (const series of [hedge, item, net]) chart.removeSeries(series);
    };
  }, [chart, months]);
  return (
    <div className="chart-box small-chart" data-testid="hedge-backtest-chart">
      <div ref={ref} className="chart" />
    </div>
  );
}
