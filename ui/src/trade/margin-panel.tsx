/**
 * Margin and available collateral of the account, per currency: collateral, equity,
 * initial and maintenance margin, and the excess (what new orders may use); an open
 * margin call or a default is shown above them. Amounts are the server's decimal strings.
 */
import type { ReactNode } from 'react';
import type { AccountState } from '../market/account-store.ts';
import { dateTimeUtc } from '../lib/format.ts';

export function MarginPanel({ account }: { readonly account: AccountState }): ReactNode {
  if (!account.loaded) return <p className="muted">Loading…</p>;
  if (!account.clearing || account.account === null) {
    return <p className="muted">No clearing account: this server runs without clearing, or the key&apos;s account has none.</p>;
  }
  const { currencies, openCall, inDefault } = account.account;
  return (
    <div data-testid="margin-panel">
      {inDefault && <p className="alert">The account is in default.</p>}
      {openCall !== null && (
        <p className="alert">
          Margin call {openCall.callId}: {openCall.amount} due by {dateTimeUtc(openCall.deadlineMs)} UTC
        </p>
      )}
      <table className="kv">
        <tbody>
          {currencies.map((c) => (
            <CurrencyRows key={c.currency} currency={c} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CurrencyRows({ currency: c }: { readonly currency: NonNullable<AccountState['account']>['currencies'][number] }): ReactNode {
  return (
    <>
      <tr>
        <th>collateral</th>
        <td className="num">
          {c.collateral} {c.currency}
        </td>
      </tr>
      <tr>
        <th>equity</th>
        <td className="num">{c.equity}</td>
      </tr>
      <tr>
        <th>initial margin</th>
        <td className="num">{c.initialMargin}</td>
      </tr>
      <tr>
        <th>maintenance margin</th>
        <td className="num">{c.maintenanceMargin}</td>
      </tr>
      <tr className="emphasis">
        <th>available</th>
        <td className="num" data-testid={`available-${c.currency}`}>
          {c.excess}
        </td>
      </tr>
    </>
  );
}
