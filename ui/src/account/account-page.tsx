/**
 * The account: collateral and margin (with the SPAN lines per product), variation margin
 * history, end-of-day statements, and the hedge planner. Needs a sign-in.
 */
import type { ReactNode } from 'react';
import { ErrorNote } from '../components/error-note.tsx';
import { Panel } from '../components/panel.tsx';
import { useLoad } from '../lib/use-load.ts';
import { useAccountState } from '../market/account-context.tsx';
import { useSession } from '../session/session-context.tsx';
import { MarginPanel } from '../trade/margin-panel.tsx';
import { HedgePlanner } from './hedge-planner.tsx';
import { MarginLines } from './margin-lines.tsx';
import { SettlementsView } from './settlements-view.tsx';
import { StatementView } from './statement-view.tsx';

function rootsOf(symbols: readonly string[]): string[] {
  return [...new Set(symbols.map((s) => s.replace(/[FGHJKMNQUVXZ][0-9]{2}$/, '')))].sort();
}

export function AccountPage(): ReactNode {
  const { client, credentials } = useSession();
  const account = useAccountState();
  const settlements = useLoad(
    () => (account.clearing ? client.settlements({ limit: 500 }) : Promise.resolve([])),
    [client, account.clearing],
  );
  const instruments = useLoad(() => client.instruments(), [client]);
  if (credentials === null) {
    return (
      <p className="muted">
        <a href="#/login">Sign in</a> to see your account.
      </p>
    );
  }
  const dates =
    settlements.status === 'ok' ? [...new Set(settlements.value.filter((s) => s.cycle === 'end_of_day').map((s) => s.date))] : [];
  return (
    <div className="account-grid" data-testid="account-page">
      <Panel title={`${credentials.account} · collateral and margin`} className="area-collateral">
        <MarginPanel account={account} />
        <MarginLines margin={account.margin} />
      </Panel>
      <Panel title="variation margin" className="area-settlements">
        {settlements.status === 'error' && <ErrorNote error={settlements.error} />}
        {settlements.status === 'ok' && <SettlementsView settlements={settlements.value} />}
      </Panel>
      <Panel title="statements" className="area-statements">
        <StatementView key={dates[0] ?? ''} dates={dates} />
      </Panel>
      <Panel title="hedge planner" className="area-hedge">
        <HedgePlanner roots={instruments.status === 'ok' ? rootsOf(instruments.value.map((i) => i.symbol)) : []} />
      </Panel>
    </div>
  );
}
