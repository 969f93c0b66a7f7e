/**
 * The trading screen of one instrument: the ladder and the depth chart from the live
 * book, candles and the tape from its trades, the order ticket, margin and collateral,
 * and the account's working orders, fills and positions. The book reaches the screen at
 * most once per animation frame (market/use-book.ts).
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Instrument, InstrumentDetail, Order, PositionLine } from '../../../src/client/index.ts';
import { Panel } from '../components/panel.tsx';
import { ErrorNote } from '../components/error-note.tsx';
import { ladderRows } from '../lib/book-view.ts';
import { formatSteps } from '../lib/decimal.ts';
import { pnlOfFills } from '../lib/pnl.ts';
import type { TicketFields } from '../lib/ticket-checks.ts';
import { useLoad } from '../lib/use-load.ts';
import { useAccountState } from '../market/account-context.tsx';
import type { AccountState } from '../market/account-store.ts';
import { useInstrumentDetails } from '../market/instrument-cache.ts';
import { useBookStore, type BookStore } from '../market/use-book.ts';
import { useFrameStore } from '../lib/frame-store.ts';
import { useMarks } from '../market/use-marks.ts';
import { useTrades } from '../market/use-trades.ts';
import { useSession } from '../session/session-context.tsx';
import { CandleChart } from './candle-chart.tsx';
import { DepthChart } from './depth-chart.tsx';
import { FillsTable } from './fills-table.tsx';
import { InstrumentPicker } from './instrument-picker.tsx';
import { Ladder } from './ladder.tsx';
import { MarginPanel } from './margin-panel.tsx';
import { OpenOrders } from './open-orders.tsx';
import { OrderTicket } from './order-ticket.tsx';
import { PositionsTable } from './positions-table.tsx';
import { SessionBadge } from './session-badge.tsx';
import { TradeTape } from './trade-tape.tsx';

const symbolKey = 'tokex.symbol';
/** Levels per side in the ladder (the depth chart draws all the book view holds). */
export const ladderLevelsShown = 15;
const emptyTicket: TicketFields = { side: 'buy', type: 'limit', price: '', qty: '1', tif: 'gtc' };

export function TradePage(): ReactNode {
  const { client } = useSession();
  const instruments = useLoad(() => client.instruments(), [client]);
  if (instruments.status === 'loading') return <p className="muted">Loading instruments…</p>;
  if (instruments.status === 'error') return <ErrorNote error={instruments.error} />;
  if (instruments.value.length === 0) return <p className="muted">No instruments are listed.</p>;
  return <TradeScreen instruments={instruments.value} />;
}

function TradeScreen({ instruments }: { readonly instruments: readonly Instrument[] }): ReactNode {
  const [symbol, setSymbol] = useState(() => {
    const saved = sessionStorage.getItem(symbolKey);
    return instruments.some((i) => i.symbol === saved) && saved !== null ? saved : (instruments[0]?.symbol ?? '');
  });
  useEffect(() => sessionStorage.setItem(symbolKey, symbol), [symbol]);
  const instrument = instruments.find((i) => i.symbol === symbol) ?? instruments[0]!;
  return (
    <InstrumentScreen
      key={instrument.symbol}
      instrument={instrument}
      picker={
        <>
          <InstrumentPicker instruments={instruments} symbol={instrument.symbol} onSymbol={setSymbol} />
          <SessionBadge symbol={instrument.symbol} />
        </>
      }
    />
  );
}

/** Position lines from the fills when the server runs without clearing. */
function positionsFromFills(account: AccountState, details: ReadonlyMap<string, InstrumentDetail>): PositionLine[] {
  const symbols = [...new Set(account.fills.map((f) => f.symbol))].sort();
  return symbols.flatMap((symbol) => {
    const detail = details.get(symbol);
    if (detail === undefined) return [];
    const pnl = pnlOfFills(
      account.fills.filter((f) => f.symbol === symbol),
      detail.tickSize,
      detail.lotSize,
      null,
    );
    return [{ symbol, netQty: formatSteps(pnl.netLots, detail.lotSize), boughtToday: '0', soldToday: '0' }];
  });
}

/** The ladder, the one part of the page that re-renders with the book (once per frame at most). */
function LadderOfBook(props: {
  readonly store: BookStore;
  readonly orders: readonly Order[];
  readonly instrument: Instrument;
  readonly onPick: (price: string, side: 'buy' | 'sell') => void;
}): ReactNode {
  const book = useFrameStore(props.store);
  const { tickSize, lotSize } = props.instrument;
  const rows = useMemo(
    () =>
      ladderRows(
        { bids: book.bids.slice(0, ladderLevelsShown), asks: book.asks.slice(0, ladderLevelsShown) },
        props.orders,
        tickSize,
        lotSize,
      ),
    [book, props.orders, tickSize, lotSize],
  );
  return <Ladder rows={rows} onPick={props.onPick} />;
}

function InstrumentScreen({ instrument, picker }: { readonly instrument: Instrument; readonly picker: ReactNode }): ReactNode {
  const { client, connection, credentials } = useSession();
  const account = useAccountState();
  const book = useBookStore(connection, instrument.symbol);
  const trades = useTrades(instrument.symbol);
  const [ticket, setTicket] = useState<TicketFields>(emptyTicket);
  const onPick = useCallback((price: string, side: 'buy' | 'sell') => setTicket((t) => ({ ...t, price, side, type: 'limit' })), []);
  const working = useMemo(() => account.orders.filter((o) => o.symbol === instrument.symbol), [account.orders, instrument.symbol]);
  const symbols = useMemo(
    () => [...new Set([instrument.symbol, ...account.positions.map((p) => p.symbol), ...account.fills.map((f) => f.symbol)])],
    [instrument.symbol, account.positions, account.fills],
  );
  const details = useInstrumentDetails(client, symbols);
  const polled = useMarks(client, symbols);
  const lastPrice = trades[0]?.price;
  const marks = useMemo(
    () => (lastPrice === undefined ? polled : new Map(polled).set(instrument.symbol, lastPrice)),
    [polled, lastPrice, instrument.symbol],
  );
  const positions = account.clearing ? account.positions : positionsFromFills(account, details);
  const signedIn = credentials !== null;

  return (
    <div className="trade-grid" data-testid="trade-page">
      <Panel title={picker} className="area-ladder" testId="ladder-panel">
        <LadderOfBook store={book} orders={working} instrument={instrument} onPick={onPick} />
      </Panel>
      <Panel title={`${instrument.symbol} · candles (1 min) and volume`} className="area-candles">
        <CandleChart trades={trades} tickSize={instrument.tickSize} lotSize={instrument.lotSize} />
      </Panel>
      <Panel title="depth" className="area-depth">
        <DepthChart store={book} />
      </Panel>
      <Panel title="trades" className="area-tape">
        <TradeTape trades={trades} />
      </Panel>
      <div className="area-side">
        <Panel title="order ticket" className="area-ticket">
          {signedIn ? (
            <OrderTicket
              instrument={instrument}
              detail={details.get(instrument.symbol) ?? null}
              fields={ticket}
              onFields={setTicket}
              book={book}
              account={account}
            />
          ) : (
            <p className="muted">
              <a href="#/login">Sign in</a> to trade.
            </p>
          )}
        </Panel>
        <Panel title="margin and collateral" className="area-margin">
          {signedIn ? <MarginPanel account={account} /> : <p className="muted">Sign in to see your margin.</p>}
        </Panel>
      </div>
      <Panel title="open orders" className="area-orders">
        <ErrorNote error={account.error} />
        <OpenOrders orders={account.orders} />
      </Panel>
      <Panel title="positions" className="area-positions">
        <PositionsTable positions={positions} fills={account.fills} details={details} marks={marks} />
      </Panel>
      <Panel title="fills" className="area-fills">
        <FillsTable fills={account.fills} />
      </Panel>
    </div>
  );
}
