/** The account's fills, newest first. */
import type { ReactNode } from 'react';
import type { Fill } from '../../../src/client/index.ts';
import { timeUtc } from '../lib/format.ts';

export const fillRowsMax = 50;

export function FillsTable({ fills }: { readonly fills: readonly Fill[] }): ReactNode {
  return (
    <table className="grid" data-testid="fills">
      <thead>
        <tr>
          <th>time</th>
          <th>symbol</th>
          <th>side</th>
          <th className="num">price</th>
          <th className="num">qty</th>
          <th>liquidity</th>
          <th className="num">order</th>
        </tr>
      </thead>
      <tbody>
        {fills.slice(0, fillRowsMax).map((fill) => (
          <tr key={`${fill.tradeId}|${fill.orderId}`} data-testid="fill">
            <td>{timeUtc(fill.tsMs)}</td>
            <td>{fill.symbol}</td>
            <td className={fill.side === 'buy' ? 'up' : 'down'}>{fill.side}</td>
            <td className="num">{fill.price}</td>
            <td className="num">{fill.qty}</td>
            <td>{fill.liquidity}</td>
            <td className="num">{fill.orderId}</td>
          </tr>
        ))}
        {fills.length === 0 && (
          <tr>
            <td colSpan={7} className="muted">
              No fills yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
