/**
 * The depth-of-market ladder: asks above, bids below, each price with its size, the
 * cumulative size from the best price outward (also drawn as a bar) and the account's
 * own working size there (the row is highlighted). Clicking a row prepares an order at
 * that price on the side that would trade with it (an ask prepares a buy, a bid a sell).
 */
import { memo, type ReactNode } from 'react';
import type { LadderRow } from '../lib/book-view.ts';

export interface LadderProps {
  readonly rows: readonly LadderRow[];
  readonly onPick: (price: string, side: 'buy' | 'sell') => void;
}

interface RowProps {
  readonly row: LadderRow;
  readonly onPick: LadderProps['onPick'];
  /** The best bid: a line marks the spread above it. */
  readonly bestBid: boolean;
}

const sameRow = (a: RowProps, b: RowProps): boolean =>
  a.onPick === b.onPick &&
  a.bestBid === b.bestBid &&
  a.row.price === b.row.price &&
  a.row.qty === b.row.qty &&
  a.row.cumulative === b.row.cumulative &&
  a.row.own === b.row.own &&
  a.row.share === b.row.share;

/** One price level; re-rendered only when something it shows changed. */
const Row = memo(function Row({ row, onPick, bestBid }: RowProps): ReactNode {
  const pick = (): void => onPick(row.price, row.side === 'ask' ? 'buy' : 'sell');
  return (
    <tr
      className={`ladder-row ladder-${row.side}${row.own === null ? '' : ' own'}${bestBid ? ' best-bid' : ''}`}
      data-testid="ladder-row"
      data-side={row.side}
      data-price={row.price}
      data-own={row.own ?? undefined}
      onClick={pick}
      title={`${row.side === 'ask' ? 'buy' : 'sell'} at ${row.price}`}
    >
      <td className="own-cell">{row.own ?? ''}</td>
      <td className="num price">{row.price}</td>
      <td className="num">{row.qty}</td>
      <td className="num cumulative">
        <span className="bar" style={{ width: `${Math.round(row.share * 100)}%` }} />
        <span className="bar-text">{row.cumulative}</span>
      </td>
    </tr>
  );
}, sameRow);

export const Ladder = memo(function Ladder({ rows, onPick }: LadderProps): ReactNode {
  const firstBid = rows.findIndex((row) => row.side === 'bid');
  return (
    <table className="ladder" data-testid="ladder">
      <thead>
        <tr>
          <th>mine</th>
          <th className="num">price</th>
          <th className="num">size</th>
          <th className="num">cumulative</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={4} className="muted">
              The book is empty.
            </td>
          </tr>
        )}
        {rows.map((row, index) => (
          <Row key={`${row.side}${row.price}`} row={row} onPick={onPick} bestBid={index === firstBid} />
        ))}
      </tbody>
    </table>
  );
});
