/**
 * Positions with P&L. Net quantities are the clearing house's (`positions` channel);
 * without clearing they come from the account's fills. P&L is computed from the fills
 * first in first out (lib/pnl.ts) and marked at each symbol's last trade: average entry,
 * realised and unrealised, in the quote currency. When the loaded fills do not explain
 * the position (older fills, earlier days), P&L shows "—" rather than a guess.
 */
import type { ReactNode } from 'react';
import type { Fill, InstrumentDetail, PositionLine } from '../../../src/client/index.ts';
import { formatMoney, formatScaled, parseScaled, stepsOf, toSteps } from '../lib/decimal.ts';
import { pnlOfFills } from '../lib/pnl.ts';

export interface PositionsTableProps {
  readonly positions: readonly PositionLine[];
  readonly fills: readonly Fill[];
  readonly details: ReadonlyMap<string, InstrumentDetail>;
  readonly marks: ReadonlyMap<string, string>;
}

interface Row {
  readonly symbol: string;
  readonly netQty: string;
  readonly average: string;
  readonly mark: string;
  readonly realised: string;
  readonly unrealised: string;
  readonly unrealisedSign: number;
}

/** Average of `costTickLots` over `lots`: exact on the tick when it divides, else to one more decimal (floor). */
function averagePrice(costTickLots: bigint, lots: bigint, tickSize: string): string {
  const tick = parseScaled(tickSize);
  if (tick === null || lots === 0n) return '—';
  const size = lots < 0n ? -lots : lots;
  if (costTickLots % size === 0n) return formatScaled({ mantissa: (costTickLots / size) * tick.mantissa, scale: tick.scale });
  return formatScaled({ mantissa: ((costTickLots * 10n) / size) * tick.mantissa, scale: tick.scale + 1 });
}

function rowOf(line: PositionLine, fills: readonly Fill[], detail: InstrumentDetail | undefined, mark: string | undefined): Row {
  const unknown = {
    symbol: line.symbol,
    netQty: line.netQty,
    average: '—',
    mark: mark ?? '—',
    realised: '—',
    unrealised: '—',
    unrealisedSign: 0,
  };
  const product = detail?.product;
  if (detail === undefined || product === null || product === undefined) return unknown;
  const markTicks = mark === undefined ? null : toSteps(mark, detail.tickSize);
  const pnl = pnlOfFills(
    fills.filter((f) => f.symbol === line.symbol),
    detail.tickSize,
    detail.lotSize,
    markTicks?.ok === true ? markTicks.steps : null,
  );
  if (pnl.netLots !== stepsOf(line.netQty, detail.lotSize)) return unknown;
  const money = (tickLots: bigint): string =>
    `${formatMoney(tickLots * BigInt(product.tickValueMinor), product.quote.minorDigits)} ${product.quote.currency}`;
  return {
    ...unknown,
    average: averagePrice(pnl.openCostTickLots, pnl.netLots, detail.tickSize),
    realised: money(pnl.realisedTickLots),
    unrealised: pnl.unrealisedTickLots === null ? '—' : money(pnl.unrealisedTickLots),
    unrealisedSign: pnl.unrealisedTickLots === null ? 0 : Number(pnl.unrealisedTickLots > 0n) - Number(pnl.unrealisedTickLots < 0n),
  };
}

export function PositionsTable(props: PositionsTableProps): ReactNode {
  const lines = props.positions.filter((p) => p.netQty !== '0' || p.boughtToday !== '0' || p.soldToday !== '0');
  return (
    <table className="grid" data-testid="positions">
      <thead>
        <tr>
          <th>symbol</th>
          <th className="num">net</th>
          <th className="num">avg entry</th>
          <th className="num">mark</th>
          <th className="num">unrealised P&amp;L</th>
          <th className="num">realised P&amp;L</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const row = rowOf(line, props.fills, props.details.get(line.symbol), props.marks.get(line.symbol));
          return (
            <tr key={row.symbol} data-testid="position" data-symbol={row.symbol} data-net={row.netQty}>
              <td>{row.symbol}</td>
              <td className="num">{row.netQty}</td>
              <td className="num">{row.average}</td>
              <td className="num">{row.mark}</td>
              <td className={`num ${row.unrealisedSign > 0 ? 'up' : row.unrealisedSign < 0 ? 'down' : ''}`}>{row.unrealised}</td>
              <td className="num">{row.realised}</td>
            </tr>
          );
        })}
        {lines.length === 0 && (
          <tr>
            <td colSpan={6} className="muted">
              No positions.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
