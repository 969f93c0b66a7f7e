/**
 * A lightweight-charts chart bound to a container element for the component's lifetime:
 * created on mount with the app's dark theme, sized to its container (autoSize), removed
 * on unmount. The chart is returned once it exists (null on the first render).
 */
import { createChart, ColorType, type DeepPartial, type ChartOptions, type IChartApi } from 'lightweight-charts';
import { useEffect, useRef, useState, type RefObject } from 'react';

export const chartColors = {
  text: '#9aa4b2',
  grid: '#1f2630',
  up: '#26a69a',
  down: '#ef5350',
  line: '#4aa3ff',
  marker: '#f5a623',
} as const;

const baseOptions: DeepPartial<ChartOptions> = {
  autoSize: true,
  layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: chartColors.text, attributionLogo: false },
  grid: { vertLines: { color: chartColors.grid }, horzLines: { color: chartColors.grid } },
  rightPriceScale: { borderColor: chartColors.grid },
  timeScale: { borderColor: chartColors.grid },
};

export function useChart(options: DeepPartial<ChartOptions> = {}): {
  readonly ref: RefObject<HTMLDivElement | null>;
  readonly chart: IChartApi | null;
} {
  const ref = useRef<HTMLDivElement | null>(null);
  const [chart, setChart] = useState<IChartApi | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    const created = createChart(element, { ...baseOptions, ...options, timeScale: { ...baseOptions.timeScale, ...options.timeScale } });
    setChart(created);
    return () => {
      setChart(null);
      // After the cleanups of the effects that use the chart (they run after this one on unmount
      // and remove their series and markers), so none of them touches a removed chart.
      queueMicrotask(() => created.remove());
    };
    // Options are read once, at creation.
  }, []);
  return { ref, chart };
}

/** The price format of a tick size ("0.001": three decimals, moves of 0.001); a number for drawing only. */
export function priceFormatOf(tickSize: string): { readonly type: 'price'; readonly precision: number; readonly minMove: number } {
  const decimals = tickSize.includes('.') ? (tickSize.split('.')[1] ?? '').length : 0;
  return { type: 'price', precision: decimals, minMove: Number(tickSize) };
}
