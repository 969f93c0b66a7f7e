/**
 * The order ticket: side, type, price, quantity and time in force, checked in the
 * browser before anything is sent (lib/ticket-checks.ts: price on the tick, quantity a
 * positive whole number of lots, the margin the order adds within the available
 * collateral). Problems are shown next to their field as soon as the field holds
 * something, and all of them on a send attempt; an order with a problem is never sent.
 * The server's answer (the order, or its rejection with the server's reason) is shown
 * under the button.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { TokexApiError, type Instrument, type InstrumentDetail, type Order } from '../../../src/client/index.ts';
import { moneyMinor, stepsOf } from '../lib/decimal.ts';
import { errorText } from '../lib/format.ts';
import { checkTicket, orderRequest, type MarginContext, type TicketFields, type TicketTif, type TicketType } from '../lib/ticket-checks.ts';
import type { AccountState } from '../market/account-store.ts';
import { useAccountStore } from '../market/account-context.tsx';
import { useBestPrice, type BookStore } from '../market/use-book.ts';
import { useSession } from '../session/session-context.tsx';

export interface OrderTicketProps {
  readonly instrument: Instrument;
  readonly detail: InstrumentDetail | null;
  readonly fields: TicketFields;
  readonly onFields: (fields: TicketFields) => void;
  readonly book: BookStore;
  readonly account: AccountState;
}

let clientOrderSerial = 0;

function nextClientOrderId(): string {
  clientOrderSerial += 1;
  return `ui-${Date.now().toString(36)}-${clientOrderSerial}`;
}

function marginContext(props: OrderTicketProps, marketPrice: string | null): MarginContext | null {
  const product = props.detail?.product;
  if (!props.account.clearing || product === null || product === undefined) return null;
  const currency = props.account.account?.currencies.find((c) => c.currency === product.quote.currency);
  if (currency === undefined) return null;
  const position = props.account.positions.find((p) => p.symbol === props.instrument.symbol);
  return {
    tickValueMinor: BigInt(product.tickValueMinor),
    initialBps: product.margin.initialBps,
    minorDigits: product.quote.minorDigits,
    currency: product.quote.currency,
    netLots: position === undefined ? 0n : stepsOf(position.netQty, props.instrument.lotSize),
    availableMinor: moneyMinor(currency.excess, product.quote.minorDigits),
    marketPrice,
  };
}

/** "Order 12 partially filled: buy 2 @ 5.135 (average 5.134)". */
function answerText(order: Order): string {
  const average = order.avgPrice === null ? '' : ` (average ${order.avgPrice})`;
  const status = order.status.replace('_', ' ');
  return `Order ${order.orderId ?? ''} ${status}: ${order.side} ${order.qty} @ ${order.price ?? 'market'}${average}`;
}

/** A market order cannot rest: good-till-cancelled becomes immediate-or-cancel. */
function typeChange(type: TicketType, tif: TicketTif): Partial<TicketFields> {
  return type === 'market' && tif === 'gtc' ? { type, tif: 'ioc' } : { type };
}

function FieldError({ id, text }: { readonly id: string; readonly text: string | undefined }): ReactNode {
  if (text === undefined) return null;
  return (
    <span className="field-error" data-testid={id} role="alert">
      {text}
    </span>
  );
}

export function OrderTicket(props: OrderTicketProps): ReactNode {
  const { client } = useSession();
  const store = useAccountStore();
  const { fields, onFields, instrument } = props;
  const [attempted, setAttempted] = useState(false);
  const [answer, setAnswer] = useState<{ readonly ok: boolean; readonly text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // A market order is estimated at the best price it would meet.
  const bestAsk = useBestPrice(props.book, 'ask');
  const bestBid = useBestPrice(props.book, 'bid');
  const check = checkTicket(fields, instrument, marginContext(props, fields.side === 'buy' ? bestAsk : bestBid));
  const show = (field: 'price' | 'qty'): boolean => attempted || fields[field].trim().length > 0;
  const set = (change: Partial<TicketFields>): void => {
    setAnswer(null);
    onFields({ ...fields, ...change });
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setAttempted(true);
    if (!check.ok) {
      setAnswer({ ok: false, text: 'Not sent: correct the fields marked above.' });
      return;
    }
    setBusy(true);
    try {
      const order = await client.submitOrder(orderRequest(fields, instrument.symbol, nextClientOrderId()));
      store?.ordersChanged([order]);
      setAnswer({ ok: true, text: answerText(order) });
      setAttempted(false);
    } catch (error) {
      if (error instanceof TokexApiError && error.order !== undefined) store?.ordersChanged([error.order]);
      setAnswer({ ok: false, text: error instanceof TokexApiError ? `Rejected: ${error.message} (${error.reason})` : errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="ticket" data-testid="order-ticket" onSubmit={(event) => void submit(event)} noValidate>
      <div className="side-toggle" role="group" aria-label="side">
        {(['buy', 'sell'] as const).map((side) => (
          <button
            key={side}
            type="button"
            className={`side-${side}${fields.side === side ? ' active' : ''}`}
            aria-pressed={fields.side === side}
            data-testid={`ticket-${side}`}
            onClick={() => set({ side })}
          >
            {side}
          </button>
        ))}
      </div>
      <div className="pair">
        <label>
          type
          <select name="type" value={fields.type} onChange={(e) => set(typeChange(e.target.value as TicketType, fields.tif))}>
            <option value="limit">limit</option>
            <option value="market">market</option>
          </select>
        </label>
        <label>
          time in force
          <select name="tif" value={fields.tif} onChange={(e) => set({ tif: e.target.value as TicketTif })}>
            {fields.type === 'limit' && <option value="gtc">GTC</option>}
            <option value="day">day</option>
            <option value="ioc">IOC</option>
            <option value="fok">FOK</option>
          </select>
        </label>
      </div>
      {fields.type === 'limit' && (
        <label>
          <span>
            price <span className="muted small">tick {instrument.tickSize}</span>
          </span>
          <input name="price" inputMode="decimal" value={fields.price} onChange={(e) => set({ price: e.target.value })} />
          <FieldError id="price-error" text={show('price') ? check.problems.price : undefined} />
        </label>
      )}
      <label>
        <span>
          quantity <span className="muted small">lot {instrument.lotSize}</span>
        </span>
        <input name="qty" inputMode="decimal" value={fields.qty} onChange={(e) => set({ qty: e.target.value })} />
        <FieldError id="qty-error" text={show('qty') ? check.problems.qty : undefined} />
      </label>
      <div className="ticket-margin" data-testid="ticket-margin">
        margin needed: <strong>{check.marginNeeded ?? (props.account.clearing ? '—' : 'no clearing')}</strong>
        <FieldError id="margin-error" text={check.problems.margin} />
      </div>
      <button type="submit" className={`submit side-${fields.side}`} disabled={busy} data-testid="ticket-submit">
        {busy ? 'Sending…' : `${fields.side} ${instrument.symbol}`}
      </button>
      {answer !== null && (
        <p className={answer.ok ? 'ticket-answer ok' : 'ticket-answer refused'} data-testid="ticket-answer" role="status">
          {answer.text}
        </p>
      )}
    </form>
  );
}
