/**
 * The WebSocket hub: the connections, their subscriptions, and the fan-out of every
 * applied batch to them.
 *
 * Book channel `book.SYMBOL`: a snapshot on subscribe (up to `bookDepthMax` levels per
 * side) with the seq of the book's last change, then one update per applied batch that
 * changed the book: `{seq, prevSeq, bids, asks, checksum}` with the absolute quantity
 * of each changed level ("0" deletes it). `prevSeq` is the seq of the previous book
 * message of that symbol, so a client that missed one sees `prevSeq` differ from the
 * seq it holds. Each message is serialized once and sent to every subscriber.
 *
 * Private channels `orders` and `fills` carry the account's own changes per batch.
 * Private clearing channels: `positions` sends all the account's position lines (as
 * GET /v1/positions) after a batch in which a `TradeCleared`, `VariationMarginPosted` or
 * `FinalSettlementPosted` event was the account's; `margin` sends its margin summary (as
 * GET /v1/margin) after a batch in which any clearing event about the account (trades
 * cleared, variation margin, calls issued, met or missed, collateral moves, default,
 * waterfall, final settlement) happened. Both carry the state after the batch, once per
 * account and batch, and send the current state on subscribe when the key's account is
 * a clearing account.
 * Status channel `status.SYMBOL`: the instrument's live state (as `state` in GET
 * /v1/instruments/:symbol) on subscribe and after each batch with a session, halt,
 * auction, circuit-breaker or settlement event of the symbol, and after each book change
 * while a call auction collects (its indicative price and imbalance move with every order).
 *
 * Slow consumers: before each send the socket's unsent bytes are checked; over
 * `sendBufferMax` the connection gets `{type: 'resync'}` as its last message and is
 * closed (1013). Nothing is ever skipped silently.
 *
 * Heartbeats: every `heartbeatMs` a ping frame and a `heartbeat` message; a peer that
 * did not answer the previous ping (no pong, no message) is terminated.
 * Cancel-on-disconnect: a session logged in with it sends `MassCancel {account}` when
 * its socket closes.
 */
import type { WebSocket } from 'ws';
import type { Side } from '../../core/model/index.ts';
import type { Principal } from '../auth/authenticator.ts';
import type { FillRecord, OrderRecord, TradeRecord } from '../read-model.ts';
import type { Applied } from '../sequencer.ts';
import type { ApiContext } from '../http/app.ts';
import { wireBook, wireFill, wireLevels, wireTrade } from '../api/wire-views.ts';
import { marginSummary, positionLines } from '../api/clearing-views.ts';
import { instrumentState } from '../api/instrument-state.ts';
import { bookChecksum, bookChecksumDepth } from './book-checksum.ts';
import type { ServerMessage } from './messages.ts';

export interface WsOptions {
  /** Interval of pings and heartbeat messages (default 15 s). */
  readonly heartbeatMs?: number;
  /** Unsent bytes a socket may hold before it is dropped as a slow consumer (default 4 MiB). */
  readonly sendBufferMax?: number;
  /** Levels per side in a book snapshot (default 1,000). */
  readonly bookDepthMax?: number;
}

export const wsDefaults = { heartbeatMs: 15_000, sendBufferMax: 4 * 1024 * 1024, bookDepthMax: 1_000 } as const;

/** The `ws` socket's underlying net.Socket (`_socket`, not public API), held to cork its writes. */
interface RawSocket {
  cork(): void;
  uncork(): void;
  readonly destroyed: boolean;
}

export class WsConnection {
  readonly id: number;
  readonly socket: WebSocket;
  /** Null when `ws` does not expose it: messages then simply leave one by one. */
  readonly raw: RawSocket | null;
  /** True while `raw` is corked until the end of this turn of the event loop. */
  corked = false;
  principal: Principal | null = null;
  cancelOnDisconnect = false;
  alive = true;
  closing = false;
  readonly channels = new Set<string>();

  constructor(id: number, socket: WebSocket) {
    this.id = id;
    this.socket = socket;
    this.raw = (socket as unknown as { _socket?: RawSocket })._socket ?? null;
  }
}

const privateChannels = ['orders', 'fills', 'positions', 'margin'] as const;
type PrivateChannel = (typeof privateChannels)[number];
type Channel = { kind: 'book' | 'trades' | 'status'; symbol: string } | { kind: PrivateChannel; symbol: null };

/** Engine events that change what the `status` channel shows. */
const statusEvents = new Set<string>([
  'InstrumentStateChanged',
  'AuctionUncrossed',
  'CircuitBreakerTripped',
  'SettlementPriceComputed',
  'PriorSettlementSet',
]);

/** Clearing events that move an account's position lines, and those that move its margin summary. */
const positionEvents = new Set<string>(['TradeCleared', 'VariationMarginPosted', 'FinalSettlementPosted']);
const marginEvents = new Set<string>([
  ...positionEvents,
  'CollateralDeposited',
  'CollateralWithdrawn',
  'MarginCallIssued',
  'MarginCallMet',
  'MarginCallMissed',
  'DefaultDeclared',
  'WaterfallStepApplied',
  'DefaultLossUncovered',
]);

export function parseChannel(channel: string): Channel {
  if ((privateChannels as readonly string[]).includes(channel)) return { kind: channel as PrivateChannel, symbol: null };
  const dot = channel.indexOf('.');
  const prefix = channel.slice(0, dot);
  return { kind: prefix === 'book' ? 'book' : prefix === 'status' ? 'status' : 'trades', symbol: channel.slice(dot + 1) };
}

export class WsHub {
  private readonly ctx: ApiContext;
  private readonly options: Required<WsOptions>;
  private readonly connections = new Set<WsConnection>();
  /** Subscribers by channel name (`book.X`, `trades.X`) or `CHANNEL:ACCOUNT` for the private ones (`orders:alice`). */
  private readonly subscribers = new Map<string, Set<WsConnection>>();
  /** Seq of the last book message per symbol; symbols without one use `startSeq`. */
  private readonly bookSeq = new Map<string, number>();
  private readonly startSeq: number;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private nextId = 1;
  /** Connections corked in this turn of the event loop. */
  private corked: WsConnection[] = [];

  constructor(ctx: ApiContext, options: WsOptions) {
    this.ctx = ctx;
    this.options = {
      heartbeatMs: options.heartbeatMs ?? wsDefaults.heartbeatMs,
      sendBufferMax: options.sendBufferMax ?? wsDefaults.sendBufferMax,
      bookDepthMax: options.bookDepthMax ?? wsDefaults.bookDepthMax,
    };
    this.startSeq = ctx.exchange.engine.lastSeq;
    this.unsubscribe = ctx.exchange.subscribe((batch) => this.publish(batch));
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  attach(socket: WebSocket): WsConnection {
    const conn = new WsConnection(this.nextId++, socket);
    this.connections.add(conn);
    socket.on('pong', () => {
      conn.alive = true;
    });
    socket.on('close', () => this.detach(conn));
    // A protocol error (bad frame, oversized message) ends the connection; never the process.
    socket.on('error', () => socket.terminate());
    return conn;
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const conn of this.connections) conn.socket.terminate();
  }

  /** Sends one message; a slow consumer gets `resync` and is closed instead. */
  send(conn: WsConnection, message: object | string): void {
    if (conn.closing) return;
    if (conn.socket.bufferedAmount > this.options.sendBufferMax) {
      this.dropSlow(conn);
      return;
    }
    this.cork(conn);
    conn.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * Holds a connection's writes until the end of this turn of the event loop, so the
   * answers and updates of one journal batch leave in one write system call instead of
   * one each.
   */
  private cork(conn: WsConnection): void {
    const raw = conn.raw;
    if (raw === null || conn.corked) return;
    raw.cork();
    conn.corked = true;
    this.corked.push(conn);
    if (this.corked.length === 1) setImmediate(() => this.uncorkAll());
  }

  private uncorkAll(): void {
    const corked = this.corked;
    this.corked = [];
    for (const conn of corked) {
      conn.corked = false;
      if (!conn.raw!.destroyed) conn.raw!.uncork();
    }
  }

  /** Subscribes `conn` to `channel` (already checked); a book subscription gets a fresh snapshot. */
  subscribe(conn: WsConnection, channel: string): void {
    const key = this.keyOf(conn, channel);
    let set = this.subscribers.get(key);
    if (set === undefined) {
      set = new Set();
      this.subscribers.set(key, set);
    }
    set.add(conn);
    conn.channels.add(channel);
    const parsed = parseChannel(channel);
    if (parsed.kind === 'book') this.sendSnapshot(conn, parsed.symbol);
    else if (parsed.kind === 'status') this.sendStatus(new Set([conn]), parsed.symbol, this.ctx.exchange.engine.lastSeq, []);
    else if ((parsed.kind === 'positions' || parsed.kind === 'margin') && conn.principal !== null) {
      const message = this.clearingMessage(parsed.kind, conn.principal.account, this.ctx.exchange.engine.lastSeq);
      if (message !== null) this.send(conn, message);
    }
  }

  unsubscribeFrom(conn: WsConnection, channel: string): void {
    const key = this.keyOf(conn, channel);
    const set = this.subscribers.get(key);
    set?.delete(conn);
    if (set?.size === 0) this.subscribers.delete(key);
    conn.channels.delete(channel);
  }

  private keyOf(conn: WsConnection, channel: string): string {
    const parsed = parseChannel(channel);
    return parsed.symbol === null ? `${parsed.kind}:${conn.principal?.account ?? ''}` : channel;
  }

  /** The instrument's live state to `conns` (built once); nothing for an unknown symbol. */
  private sendStatus(conns: ReadonlySet<WsConnection>, symbol: string, seq: number, events: readonly string[]): void {
    const units = this.ctx.exchange.units(symbol);
    if (units === undefined || conns.size === 0) return;
    const message: ServerMessage<'status'> = {
      type: 'status',
      channel: `status.${symbol}`,
      symbol,
      seq,
      events: [...events],
      state: instrumentState(this.ctx.exchange, units),
    };
    const text = JSON.stringify(message);
    for (const conn of conns) this.send(conn, text);
  }

  private sendSnapshot(conn: WsConnection, symbol: string): void {
    const units = this.ctx.exchange.units(symbol);
    if (units === undefined) return;
    const seq = this.bookSeq.get(symbol) ?? this.startSeq;
    const book = wireBook(this.ctx.exchange, units, this.options.bookDepthMax, seq);
    const message: ServerMessage<'bookSnapshot'> = {
      type: 'book.snapshot',
      channel: `book.${symbol}`,
      ...book,
      checksum: bookChecksum(book.bids, book.asks),
    };
    this.send(conn, message);
  }

  private detach(conn: WsConnection): void {
    if (!this.connections.delete(conn)) return;
    conn.closing = true;
    for (const channel of [...conn.channels]) this.unsubscribeFrom(conn, channel);
    const principal = conn.principal;
    if (conn.cancelOnDisconnect && principal !== null) {
      this.ctx.gateway.send({ type: 'MassCancel', account: principal.account }).catch(() => undefined);
    }
  }

  private dropSlow(conn: WsConnection): void {
    const message: ServerMessage<'resync'> = {
      type: 'resync',
      reason: 'slow_consumer',
      message: `socket: more than ${this.options.sendBufferMax} bytes unsent; reconnect and subscribe again`,
    };
    conn.socket.send(JSON.stringify(message));
    conn.closing = true;
    conn.socket.close(1013, 'slow consumer');
  }

  private beat(): void {
    const tsMs = Math.floor(this.ctx.clock.nowMs());
    const text = JSON.stringify({ type: 'heartbeat', tsMs, seq: this.ctx.exchange.engine.lastSeq } satisfies ServerMessage<'heartbeat'>);
    for (const conn of this.connections) {
      if (!conn.alive) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
      this.send(conn, text);
    }
  }

  // ---- fan-out ------------------------------------------------------------------------

  private publish(batch: readonly Applied[]): void {
    if (this.subscribers.size === 0) {
      this.followBookSeqs(batch);
      return;
    }
    const levels = new Map<string, Map<string, { side: Side; priceTicks: number; qtyLots: number }>>();
    const bookLastSeq = new Map<string, number>();
    const trades = new Map<string, TradeRecord[]>();
    const orders = new Map<string, Set<OrderRecord>>();
    const fills = new Map<string, FillRecord[]>();
    const positionAccounts = new Set<string>();
    const marginAccounts = new Set<string>();
    const statusChanges = new Map<string, string[]>();
    for (const applied of batch) {
      for (const event of applied.events) {
        if (statusEvents.has(event.type) && 'symbol' in event && typeof event.symbol === 'string')
          push(statusChanges, event.symbol, event.type);
        // While an auction collects, every order changes the indicative price.
        else if (
          event.type === 'BookLevelChanged' &&
          !statusChanges.has(event.symbol) &&
          this.ctx.exchange.engine.books.isAuction(event.symbol)
        ) {
          statusChanges.set(event.symbol, []);
        }
      }
      for (const event of applied.events) {
        const account = marginEvents.has(event.type) && 'account' in event ? event.account : null;
        if (typeof account !== 'string') continue;
        marginAccounts.add(account);
        if (positionEvents.has(event.type)) positionAccounts.add(account);
      }
      for (const event of applied.events) {
        if (event.type !== 'BookLevelChanged') continue;
        let changed = levels.get(event.symbol);
        if (changed === undefined) {
          changed = new Map();
          levels.set(event.symbol, changed);
        }
        changed.set(`${event.side}:${event.priceTicks}`, event);
        bookLastSeq.set(event.symbol, applied.seq);
      }
      for (const trade of applied.changes.trades) push(trades, trade.symbol, trade);
      for (const order of applied.changes.orders) {
        let set = orders.get(order.account);
        if (set === undefined) {
          set = new Set();
          orders.set(order.account, set);
        }
        set.add(order);
      }
      for (const fill of applied.changes.fills) push(fills, fill.account, fill);
    }
    const lastSeq = batch.at(-1)?.seq ?? this.ctx.exchange.engine.lastSeq;
    for (const [symbol, changed] of levels) this.publishBook(symbol, bookLastSeq.get(symbol)!, [...changed.values()]);
    for (const [symbol, list] of trades) this.publishTrades(symbol, lastSeq, list);
    for (const [account, set] of orders) this.publishOrders(account, lastSeq, [...set]);
    for (const [account, list] of fills) this.publishFills(account, lastSeq, list);
    for (const account of positionAccounts) this.publishClearing('positions', account, lastSeq);
    for (const account of marginAccounts) this.publishClearing('margin', account, lastSeq);
    for (const [symbol, events] of statusChanges) {
      const subscribers = this.subscribers.get(`status.${symbol}`);
      if (subscribers !== undefined) this.sendStatus(subscribers, symbol, lastSeq, events);
    }
  }

  /** With nobody subscribed nothing is built; only each book's seq moves on, so a later `prevSeq` stays right. */
  private followBookSeqs(batch: readonly Applied[]): void {
    for (const applied of batch) {
      for (const event of applied.events) if (event.type === 'BookLevelChanged') this.bookSeq.set(event.symbol, applied.seq);
    }
  }

  /** Builds the message only when someone listens: O(the account's positions). */
  private publishClearing(kind: 'positions' | 'margin', account: string, seq: number): void {
    const subscribers = this.subscribers.get(`${kind}:${account}`);
    if (subscribers === undefined || subscribers.size === 0) return;
    const message = this.clearingMessage(kind, account, seq);
    if (message === null) return;
    const text = JSON.stringify(message);
    for (const conn of subscribers) this.send(conn, text);
  }

  private clearingMessage(kind: 'positions' | 'margin', account: string, seq: number): ServerMessage<'positions' | 'margin'> | null {
    const house = this.ctx.exchange.engine.clearing;
    if (house === null || !house.hasAccount(account)) return null;
    if (kind === 'positions') {
      return { type: 'positions', channel: 'positions', seq, positions: positionLines(this.ctx.exchange, house, account) };
    }
    return { type: 'margin', channel: 'margin', seq, margin: marginSummary(house, account) };
  }

  private publishBook(symbol: string, seq: number, changed: { side: Side; priceTicks: number; qtyLots: number }[]): void {
    const prevSeq = this.bookSeq.get(symbol) ?? this.startSeq;
    this.bookSeq.set(symbol, seq);
    const subscribers = this.subscribers.get(`book.${symbol}`);
    const units = this.ctx.exchange.units(symbol);
    if (subscribers === undefined || subscribers.size === 0 || units === undefined) return;
    const side = (which: Side): [string, string][] =>
      changed
        .filter((level) => level.side === which)
        .sort((a, b) => (which === 'buy' ? b.priceTicks - a.priceTicks : a.priceTicks - b.priceTicks))
        .map((level) => [units.formatPrice(level.priceTicks), units.formatQty(level.qtyLots)]);
    const top = (which: Side): [string, string][] => wireLevels(this.ctx.exchange, units, which, bookChecksumDepth);
    const message: ServerMessage<'bookUpdate'> = {
      type: 'book.update',
      channel: `book.${symbol}`,
      symbol,
      seq,
      prevSeq,
      bids: side('buy'),
      asks: side('sell'),
      checksum: bookChecksum(top('buy'), top('sell')),
    };
    const text = JSON.stringify(message);
    for (const conn of subscribers) this.send(conn, text);
  }

  private publishTrades(symbol: string, seq: number, list: TradeRecord[]): void {
    const subscribers = this.subscribers.get(`trades.${symbol}`);
    if (subscribers === undefined || subscribers.size === 0) return;
    const units = this.ctx.exchange.units(symbol);
    const message: ServerMessage<'trades'> = {
      type: 'trades',
      channel: `trades.${symbol}`,
      symbol,
      seq,
      trades: list.map((trade) => wireTrade(trade, units)),
    };
    const text = JSON.stringify(message);
    for (const conn of subscribers) this.send(conn, text);
  }

  private publishOrders(account: string, seq: number, list: OrderRecord[]): void {
    const subscribers = this.subscribers.get(`orders:${account}`);
    if (subscribers === undefined || subscribers.size === 0) return;
    const message: ServerMessage<'orders'> = {
      type: 'orders',
      channel: 'orders',
      seq,
      orders: list.map((order) => this.ctx.gateway.view(order)),
    };
    const text = JSON.stringify(message);
    for (const conn of subscribers) this.send(conn, text);
  }

  private publishFills(account: string, seq: number, list: FillRecord[]): void {
    const subscribers = this.subscribers.get(`fills:${account}`);
    if (subscribers === undefined || subscribers.size === 0) return;
    const message: ServerMessage<'fills'> = {
      type: 'fills',
      channel: 'fills',
      seq,
      fills: list.map((fill) => wireFill(fill, this.ctx.exchange.units(fill.symbol))),
    };
    const text = JSON.stringify(message);
    for (const conn of subscribers) this.send(conn, text);
  }
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  list.push(item);
}
