/**
 * The signed-in account's live state: working and recent orders, fills, positions,
 * margin and collateral. Loaded once over REST, then kept current by the private
 * channels (`orders`, `fills`, `positions`, `margin`) of the session's socket; after a
 * reconnect everything is loaded again, so nothing missed while away stays missing.
 * Collateral lives in `GET /v1/account`, which is read again (at most once a second)
 * after each margin message.
 *
 * `clearing` is false when the server runs without clearing or the key's account is not
 * a clearing account: positions, margin and collateral are then absent, and the ticket
 * makes no margin check. Orders are kept by order id (client order id for a rejected
 * one), at most `ordersKeptMax`; fills by trade and order id, at most `fillsKeptMax`.
 */
import type { Account, Fill, Margin, Order, PositionLine, TokexClient, TokexSocket } from '../../../src/client/index.ts';
import { TokexApiError } from '../../../src/client/index.ts';
import { FrameStore } from '../lib/frame-store.ts';
import type { LiveConnection } from './live-connection.ts';

export interface AccountState {
  readonly loaded: boolean;
  readonly clearing: boolean;
  readonly orders: readonly Order[];
  readonly fills: readonly Fill[];
  readonly positions: readonly PositionLine[];
  readonly margin: Margin | null;
  readonly account: Account | null;
  readonly error: string | null;
}

export const ordersKeptMax = 500;
export const fillsKeptMax = 1_000;
const accountRefreshMs = 1_000;

const emptyState: AccountState = {
  loaded: false,
  clearing: false,
  orders: [],
  fills: [],
  positions: [],
  margin: null,
  account: null,
  error: null,
};

/** What a signed-out page reads: never loaded, never changes. */
export const signedOutState = new FrameStore<AccountState>(emptyState);

const orderKey = (order: Order): string => (order.orderId === null ? `c:${order.clientOrderId}` : `o:${order.orderId}`);
const fillKey = (fill: Fill): string => `${fill.tradeId}|${fill.orderId}`;

function mergeBy<T>(
  current: readonly T[],
  incoming: readonly T[],
  key: (item: T) => string,
  newest: (a: T, b: T) => number,
  max: number,
): T[] {
  const byKey = new Map<string, T>();
  for (const item of current) byKey.set(key(item), item);
  for (const item of incoming) byKey.set(key(item), item);
  return [...byKey.values()].sort(newest).slice(0, max);
}

const newestOrder = (a: Order, b: Order): number => b.updatedSeq - a.updatedSeq;
const newestFill = (a: Fill, b: Fill): number => b.seq - a.seq || b.tradeId - a.tradeId;

export function isWorking(order: Order): boolean {
  return order.status === 'new' || order.status === 'partially_filled';
}

export class AccountStore {
  readonly state = new FrameStore<AccountState>(emptyState);
  private readonly client: TokexClient;
  private accountTimer: ReturnType<typeof setTimeout> | null = null;
  private removeSetup: (() => void) | null = null;

  constructor(client: TokexClient) {
    this.client = client;
  }

  start(connection: LiveConnection): void {
    this.removeSetup = connection.onSocket((socket) => this.attach(socket));
  }

  stop(): void {
    this.removeSetup?.();
    if (this.accountTimer !== null) clearTimeout(this.accountTimer);
    this.state.dispose();
  }

  /** Reads everything again over REST (after a submit or cancel answer, the channels bring it anyway). */
  async reload(): Promise<void> {
    try {
      const [open, recent, fills] = await Promise.all([
        this.client.orders({ status: 'open', limit: ordersKeptMax }),
        this.client.orders({ status: 'all', limit: 200 }),
        this.client.fills({ limit: fillsKeptMax }),
      ]);
      this.update({
        loaded: true,
        orders: mergeBy(this.state.get().orders, [...recent, ...open], orderKey, newestOrder, ordersKeptMax),
        fills: mergeBy(this.state.get().fills, fills, fillKey, newestFill, fillsKeptMax),
        error: null,
      });
    } catch (error) {
      this.update({ loaded: true, error: error instanceof Error ? error.message : String(error) });
    }
    await this.reloadClearing();
  }

  /** Merges orders the app learned of itself (a submit's or cancel's answer). */
  ordersChanged(orders: readonly Order[]): void {
    this.update({ orders: mergeBy(this.state.get().orders, orders, orderKey, newestOrder, ordersKeptMax) });
  }

  private async reloadClearing(): Promise<void> {
    try {
      const [account, margin, positions] = await Promise.all([this.client.account(), this.client.margin(), this.client.positions()]);
      this.update({ clearing: true, account, margin, positions });
    } catch (error) {
      // 422: clearing not set up; 404: the key's account is not a clearing account.
      if (error instanceof TokexApiError && (error.status === 422 || error.status === 404)) this.update({ clearing: false });
      else this.update({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  private attach(socket: TokexSocket): () => void {
    const offs = [
      socket.on('orders', (message) => this.ordersChanged(message.orders)),
      socket.on('fills', (message) => {
        this.update({ fills: mergeBy(this.state.get().fills, message.fills, fillKey, newestFill, fillsKeptMax) });
      }),
    ];
    socket.subscribe(['orders', 'fills']).catch(() => undefined);
    const stoppers: Promise<() => void>[] = [
      socket.positions((message) => this.update({ positions: message.positions })),
      socket.margin((message) => {
        this.update({ margin: message.margin });
        this.scheduleAccount();
      }),
    ];
    for (const stopper of stoppers) stopper.catch(() => undefined);
    void this.reload();
    return () => {
      for (const off of offs) off();
      for (const stopper of stoppers) stopper.then((stop) => stop()).catch(() => undefined);
    };
  }

  private scheduleAccount(): void {
    if (this.accountTimer !== null) return;
    this.accountTimer = setTimeout(() => {
      this.accountTimer = null;
      this.client
        .account()
        .then((account) => this.update({ account }))
        .catch(() => undefined);
    }, accountRefreshMs);
  }

  private update(change: Partial<AccountState>): void {
    this.state.set({ ...this.state.get(), ...change });
  }
}
