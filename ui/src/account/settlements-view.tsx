/**
 * Variation margin history (`GET /v1/settlements`): each settlement cycle's payment to
 * (positive) or collection from (negative) the account, as bars by date with the running
 * total as a line, and as a table. Amounts become numbers only to be drawn.
 */
import { HistogramSeries, LineSeries, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, type ReactNode } from 'react';
import type { Settlement } from '../../../src/client/index.ts';
import { chartColors, useChart } from '../charts/use-chart.ts';
import { dateTimeUtc } from '../lib/format.ts';

function SettlementChart({ settlements }: { readonly settlements: readonly Settlement[] }): ReactNode {
  const { ref, chart } = useChart({ timeScale: { timeVisible: true } });
  useEffect(() => {
    if (chart === null) return undefined;
    const bars = chart.addSeries(HistogramSeries, { priceLineVisible: false });
    const total = chart.addSeries(LineSeries, { color: chartColors.line, lineWidth: 2 });
    const ordered = [...settlements].sort((a, b) => a.tsMs - b.tsMs);
    let running = 0;
    let lastTime = 0;
    const points = ordered.map((s) => {
      // One point per second at most: settlements in the same second are drawn one second apart.
      const time = Math.max(Math.floor(s.tsMs / 1000), lastTime + 1);
      lastTime = time;
      running += Number(s.amount);
      return { time: time as UTCTimestamp, amount: Number(s.amount), running };
    });
    bars.setData(points.map((p) => ({ time: p.time, value: p.amount, color: p.amount >= 0 ? chartColors.up : chartColors.down })));
    total.setData(points.map((p) => ({ time: p.time, value: p.running })));
    chart.timeScale().fitContent();
    return () => {
      chart.removeSeries(bars);
      chart.removeSeries(total);
    };
  }, [chart, settlements]);
  return (
    <div className="chart-box small-chart" data-testid="settlement-chart">
      <div ref={ref} className="chart" />
    </div>
  );
}

export function SettlementsView({ settlements }: { readonly settlements: readonly Settlement[] }): ReactNode {
  if (settlements.length === 0) return <p className="muted">No settlement cycle has posted variation margin to this account yet.</p>;
  return (
    <>
      <SettlementChart settlements={settlements} />
      <table className="grid" data-testid="settlements">
        <thead>
          <tr>
            <th>date</th>
            <th>cycle</th>
            <th>posted (UTC)</th>
            <th className="num">amount</th>
          </tr>
        </thead>
        <tbody>
          {settlements.map((s) => (
            <tr key={`${s.seq}${s.currency}`}>
              <td>{s.date}</td>
              <td>{s.cycle.replace(/_/g, ' ')}</td>
              <td>{dateTimeUtc(s.tsMs)}</td>
              <td className={`num ${s.amount.startsWith('-') ? 'down' : 'up'}`}>
                {s.amount} {s.currency}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
