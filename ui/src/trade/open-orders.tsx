/**
 * The account's working orders (every symbol) with a cancel button each and one to
 * cancel them all. The cancel answers update the list at once; the orders channel
 * confirms them.
 */
import { useState, type ReactNode } from 'react';
import type { Order } from '../../../src/client/index.ts';
import { errorText, timeUtc } from '../lib/format.ts';
import { isWorking } from '../market/account-store.ts';
import { useAccountStore } from '../market/account-context.tsx';
import { useSession } from '../session/session-context.tsx';

export function OpenOrders({ orders }: { readonly orders: readonly Order[] }): ReactNode {
  const { client } = useSession();
  const store = useAccountStore();
  const [error, setError] = useState<string | null>(null);
  const working = orders.filter(isWorking);
  const run = (action: () => Promise<Order | Order[]>): void => {
    setError(null);
    action().then(
      (result) => store?.ordersChanged(Array.isArray(result) ? result : [result]),
      (failure: unknown) => setError(errorText(failure)),
    );
  };
  return (
    <div data-testid="open-orders">
      <div className="toolbar">
        <button type="button" disabled={working.length === 0} onClick={() => run(() => client.massCancel())} data-testid="cancel-all">
          cancel all
        </button>
        {error !== null && <span className="field-error">{error}</span>}
      </div>
      <table className="grid">
        <thead>
          <tr>
            <th>time</th>
            <th>symbol</th>
            <th>side</th>
            <th>type</th>
            <th className="num">price</th>
            <th className="num">qty</th>
            <th className="num">open</th>
            <th>status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {working.map((order) => (
            <tr key={order.orderId ?? order.clientOrderId} data-testid="open-order" data-order-id={order.orderId ?? ''}>
              <td>{timeUtc(order.createdTsMs)}</td>
              <td>{order.symbol}</td>
              <td className={order.side === 'buy' ? 'up' : 'down'}>{order.side}</td>
              <td>{order.type}</td>
              <td className="num">{order.price ?? '—'}</td>
              <td className="num">{order.qty}</td>
              <td className="num">{order.leavesQty}</td>
              <td>{order.status.replace('_', ' ')}</td>
              <td>
                <button
                  type="button"
                  className="small"
                  onClick={() => run(() => client.cancelOrder(order.orderId ?? 0))}
                  data-testid="cancel-order"
                >
                  cancel
                </button>
              </td>
            </tr>
          ))}
          {working.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                No working orders.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
