/**
 * A benchmark's history chart: the published value as a line, the day's spot (the
 * weighted median of the inputs, before chaining) as a faint line, and a marker on each
 * date the constituents changed. Clicking a day picks its fixing. Values become numbers
 * here only to be drawn.
 */
import { createSeriesMarkers, LineSeries, type ISeriesApi, type MouseEventParams, type Time } from 'lightweight-charts';
import { useEffect, useState, type ReactNode } from 'react';
import type { BenchmarkHistory } from '../../../src/client/index.ts';
import { chartColors, useChart } from '../charts/use-chart.ts';

interface Lines {
  readonly value: ISeriesApi<'Line'>;
  readonly spot: ISeriesApi<'Line'>;
}

/** The civil date of a chart time (string, business day or Unix seconds). */
export function dateOfTime(time: Time): string {
  if (typeof time === 'string') return time;
  if (typeof time === 'number') return new Date(time * 1000).toISOString().slice(0, 10);
  return `${time.year}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
}

export function BenchmarkChart(props: { readonly history: BenchmarkHistory; readonly onPickDate: (date: string) => void }): ReactNode {
  const { ref, chart } = useChart();
  const [lines, setLines] = useState<Lines | null>(null);
  const { history, onPickDate } = props;
  useEffect(() => {
    if (chart === null) return;
    const spot = chart.addSeries(LineSeries, {
      color: `${chartColors.text}80`,
      lineWidth: 1,
      priceLineVisible: false,
      lastValueVisible: false,
    });
    const value = chart.addSeries(LineSeries, { color: chartColors.line, lineWidth: 2 });
    value.applyOptions({ priceFormat: { type: 'price', precision: 4, minMove: 0.0001 } });
    setLines({ value, spot });
  }, [chart]);
  useEffect(() => {
    if (chart === null) return undefined;
    const onClick = (param: MouseEventParams): void => {
      if (param.time !== undefined) onPickDate(dateOfTime(param.time));
    };
    chart.subscribeClick(onClick);
    return () => chart.unsubscribeClick(onClick);
  }, [chart, onPickDate]);
  useEffect(() => {
    if (lines === null || chart === null) return undefined;
    const valued = history.points.filter((p) => p.value !== null);
    lines.value.setData(valued.map((p) => ({ time: p.date, value: Number(p.value) })));
    lines.spot.setData(history.points.filter((p) => p.spotUsd !== null).map((p) => ({ time: p.date, value: Number(p.spotUsd) })));
    const markers = createSeriesMarkers(
      lines.value,
      valued
        .filter((p) => p.constituentChange)
        .map((p) => ({ time: p.date, position: 'aboveBar' as const, shape: 'arrowDown' as const, color: chartColors.marker, text: 'Δ' })),
    );
    chart.timeScale().fitContent();
    return () => markers.detach();
  }, [chart, lines, history]);
  return (
    <div className="chart-box benchmark-chart" data-testid="benchmark-chart">
      <div ref={ref} className="chart" />
    </div>
  );
}
