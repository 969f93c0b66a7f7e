/**
 * Candles with volume from the symbol's trades (lib/candles.ts), one-minute buckets, in
 * lightweight-charts: candlesticks on the right price scale, volume bars in the bottom
 * fifth. Redrawn when the trades change (at most once per frame).
 */
import { CandlestickSeries, HistogramSeries, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Trade } from '../../../src/client/index.ts';
import { candlesOf } from '../lib/candles.ts';
import { chartColors, priceFormatOf, useChart } from '../charts/use-chart.ts';

export const candleIntervalSec = 60;

interface Series {
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly volume: ISeriesApi<'Histogram'>;
}

export function CandleChart(props: { readonly trades: readonly Trade[]; readonly tickSize: string; readonly lotSize: string }): ReactNode {
  const { ref, chart } = useChart({ timeScale: { timeVisible: true, secondsVisible: false, barSpacing: 12, rightOffset: 4 } });
  const [series, setSeries] = useState<Series | null>(null);
  useEffect(() => {
    if (chart === null) return;
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: chartColors.up,
      downColor: chartColors.down,
      wickUpColor: chartColors.up,
      wickDownColor: chartColors.down,
      borderVisible: false,
    });
    const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' } });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.1, bottom: 0.25 } });
    setSeries({ candles, volume });
  }, [chart]);
  const bars = useMemo(
    () => candlesOf(props.trades, candleIntervalSec, props.tickSize, props.lotSize),
    [props.trades, props.tickSize, props.lotSize],
  );
  useEffect(() => {
    series?.candles.applyOptions({ priceFormat: priceFormatOf(props.tickSize) });
  }, [series, props.tickSize]);
  useEffect(() => {
    if (series === null) return;
    series.candles.setData(bars.map((b) => ({ time: b.time as UTCTimestamp, open: b.open, high: b.high, low: b.low, close: b.close })));
    series.volume.setData(
      bars.map((b) => ({ time: b.time as UTCTimestamp, value: b.volume, color: b.up ? `${chartColors.up}80` : `${chartColors.down}80` })),
    );
  }, [series, bars]);
  return (
    <div className="chart-box" data-testid="candle-chart">
      <div ref={ref} className="chart" />
      {bars.length === 0 && <p className="chart-empty muted">No trades yet: candles appear with the first trade.</p>}
    </div>
  );
}
