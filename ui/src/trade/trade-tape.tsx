/** The trade tape: the latest trades of the symbol, newest first, coloured by the aggressor's side. */
import type { ReactNode } from 'react';
import type { Trade } from '../../../src/client/index.ts';
import { timeUtc } from '../lib/format.ts';

export const tapeRowsMax = 40;

export function TradeTape({ trades }: { readonly trades: readonly Trade[] }): ReactNode {
  return (
    <table className="tape" data-testid="trade-tape">
      <thead>
        <tr>
          <th>time (UTC)</th>
          <th className="num">price</th>
          <th className="num">qty</th>
        </tr>
      </thead>
      <tbody>
        {trades.slice(0, tapeRowsMax).map((trade) => (
          <tr key={trade.tradeId} className={trade.aggressorSide === 'buy' ? 'up' : 'down'}>
            <td>{timeUtc(trade.tsMs)}</td>
            <td className="num">{trade.price}</td>
            <td className="num">{trade.qty}</td>
          </tr>
        ))}
        {trades.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              No trades yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
