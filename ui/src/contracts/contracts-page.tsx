/**
 * Contracts: every listed instrument; for the chosen one its specification and its
 * session and limit state; and the listing calendar. Public data: no sign-in needed.
 */
import { useState, type ReactNode } from 'react';
import { ErrorNote } from '../components/error-note.tsx';
import { Panel } from '../components/panel.tsx';
import { useLoad } from '../lib/use-load.ts';
import { useSession } from '../session/session-context.tsx';
import { CalendarView } from './calendar-view.tsx';
import { MarketState } from './market-state.tsx';
import { SpecTable } from './spec-table.tsx';

function ContractDetail({ symbol }: { readonly symbol: string }): ReactNode {
  const { client } = useSession();
  // Read afresh (not from the instrument cache): the live state changes during the day.
  const detail = useLoad(() => client.instrument(symbol), [client, symbol]);
  if (detail.status === 'loading') return <p className="muted">Loading…</p>;
  if (detail.status === 'error') return <ErrorNote error={detail.error} />;
  return (
    <>
      <Panel title={`${symbol} · specification`} className="area-spec">
        <SpecTable detail={detail.value} />
      </Panel>
      <Panel title="session and limits" className="area-state">
        <MarketState detail={detail.value} />
      </Panel>
    </>
  );
}

export function ContractsPage(): ReactNode {
  const { client } = useSession();
  const instruments = useLoad(() => client.instruments(), [client]);
  const [symbol, setSymbol] = useState<string | null>(null);
  if (instruments.status === 'loading') return <p className="muted">Loading…</p>;
  if (instruments.status === 'error') return <ErrorNote error={instruments.error} />;
  const chosen = symbol ?? instruments.value[0]?.symbol ?? null;
  return (
    <div className="contracts-grid" data-testid="contracts-page">
      <Panel title="listed contracts" className="area-list">
        <ul className="symbol-list">
          {instruments.value.map((i) => (
            <li key={i.symbol}>
              <button type="button" className={i.symbol === chosen ? 'active' : ''} onClick={() => setSymbol(i.symbol)}>
                {i.symbol}
              </button>
            </li>
          ))}
        </ul>
      </Panel>
      {chosen !== null && <ContractDetail key={chosen} symbol={chosen} />}
      <Panel title="listing calendar (next 180 days)" className="area-calendar">
        <CalendarView />
      </Panel>
    </div>
  );
}
