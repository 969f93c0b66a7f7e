/**
 * An end-of-day statement (`GET /v1/statements/:date`): pick a date (the dates with an
 * end-of-day settlement are offered) and see the positions with their average and
 * settlement prices and P&L, and the cash movements by currency.
 */
import { useState, type ReactNode } from 'react';
import type { Statement } from '../../../src/client/index.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { useLoad } from '../lib/use-load.ts';
import { useSession } from '../session/session-context.tsx';

function StatementTables({ statement: s }: { readonly statement: Statement }): ReactNode {
  return (
    <div data-testid="statement">
      <p className="muted small">
        {s.account} (member {s.member}), {s.date}, seq {s.seq}
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>symbol</th>
            <th className="num">net</th>
            <th className="num">bought</th>
            <th className="num">sold</th>
            <th className="num">average</th>
            <th className="num">settlement</th>
            <th className="num">realised</th>
            <th className="num">unrealised</th>
          </tr>
        </thead>
        <tbody>
          {s.positions.map((p) => (
            <tr key={p.symbol}>
              <td>{p.symbol}</td>
              <td className="num">{p.netQty}</td>
              <td className="num">{p.boughtQty}</td>
              <td className="num">{p.soldQty}</td>
              <td className="num">{p.averagePrice ?? '—'}</td>
              <td className="num">{p.settlementPrice ?? '—'}</td>
              <td className="num">{p.realisedPnl}</td>
              <td className="num">{p.unrealisedPnl}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="grid">
        <thead>
          <tr>
            <th>currency</th>
            <th className="num">opening</th>
            <th className="num">deposits</th>
            <th className="num">withdrawals</th>
            <th className="num">fees</th>
            <th className="num">variation margin</th>
            <th className="num">closing</th>
            <th className="num">initial margin</th>
            <th className="num">excess</th>
          </tr>
        </thead>
        <tbody>
          {s.cash.map((c) => (
            <tr key={c.currency}>
              <td>{c.currency}</td>
              <td className="num">{c.opening}</td>
              <td className="num">{c.deposits}</td>
              <td className="num">{c.withdrawals}</td>
              <td className="num">{c.fees}</td>
              <td className="num">{c.variationMargin}</td>
              <td className="num">{c.closing}</td>
              <td className="num">{c.initialMargin}</td>
              <td className="num">{c.excess}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LoadedStatement({ date }: { readonly date: string }): ReactNode {
  const { client } = useSession();
  const statement = useLoad(() => client.statement(date), [client, date]);
  if (statement.status === 'loading') return <p className="muted">Loading…</p>;
  if (statement.status === 'error') return <ErrorNote error={statement.error} />;
  return <StatementTables statement={statement.value} />;
}

export function StatementView({ dates }: { readonly dates: readonly string[] }): ReactNode {
  const [date, setDate] = useState<string>(dates[0] ?? '');
  return (
    <div>
      <label className="inline">
        date
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} list="statement-dates" />
        <datalist id="statement-dates">
          {dates.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      </label>
      {dates.length === 0 && <p className="muted small">No end-of-day cycle has run for this account yet.</p>}
      {/^\d{4}-\d{2}-\d{2}$/.test(date) && <LoadedStatement key={date} date={date} />}
    </div>
  );
}
