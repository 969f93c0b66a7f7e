/**
 * TokexSocket: the WebSocket API for the SDK: login, subscriptions, order entry, and
 * local order books that repair themselves.
 *
 * Works with the browser's WebSocket or the `ws` package (pass its class as
 * `WebSocket`), or any object with the same few members (`connect`). Requests carry an
 * `id`; their promise settles with the answer of that id (`result`, or `error` as a
 * TokexApiError with REST's status). Pending requests fail when the socket closes.
 *
 * Books: `book(symbol)` subscribes and keeps a BookBuilder; on a sequence gap or a
 * checksum mismatch it subscribes again, and the server's fresh snapshot repairs the
 * book (`bookResyncs` counts these). A `resync` message (the server dropped this
 * slow consumer) is delivered to `on('resync')` before the socket closes.
 *
 * Clearing (after login): `positions(handler)` and `margin(handler)` subscribe to the
 * private channels; the handler gets the current state, then every change.
 */
import { InFlightMap } from '../core/kernel/index.ts';
import { BookBuilder } from './book-builder.ts';
import { TokexApiError } from './errors.ts';
import { signRequest, wsLoginPath } from './signing.ts';
import type {
  AckMessage,
  CancelAllAfter,
  LoggedInMessage,
  MarginMessage,
  Order,
  OrderAck,
  OrderRequest,
  PositionsMessage,
  ReplaceRequest,
  ServerMessage,
} from './types.ts';

/** The members of a WebSocket the SDK uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface TokexSocketOptions {
  /** For example `ws://127.0.0.1:8080/v1/ws`. */
  readonly url: string;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** A WebSocket class (the `ws` package's in Node 20); defaults to the global WebSocket. */
  readonly WebSocket?: new (url: string) => unknown;
  /** Opens the socket (overrides `WebSocket`); tests use it to wrap the transport. */
  readonly connect?: (url: string) => SocketLike;
  readonly nowMs?: () => number;
  /** A request without an answer fails after this long (default 10 s). */
  readonly requestTimeoutMs?: number;
}

type Listener = (message: never) => void;
type MessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

interface Pending {
  /** Settles with the `result` message's `result` when `unwrap`, else with the whole answer. */
  readonly resolve: (value: unknown) => void;
  readonly unwrap: boolean;
  readonly reject: (error: Error) => void;
  readonly type: string;
  /** `performance.now()` after which the request fails (monotonic, unlike the signing clock `nowMs`). */
  readonly deadlineMs: number;
}

export class TokexSocket {
  private readonly options: TokexSocketOptions;
  private socket: SocketLike | null = null;
  private nextId = 1;
  /**
   * An `InFlightMap`, not a `Map`: one entry per request, and a churning Map keeps every
   * answered request alive into the old generation.
   */
  private readonly pending = new InFlightMap<number, Pending>();
  /**
   * One timer for every request's deadline, checked a few times per timeout: a timer per
   * request costs an allocation and two timer-list updates, which at tens of thousands of
   * orders a second is a measurable share of a client's CPU. A deadline is therefore
   * enforced up to a quarter of the timeout late.
   */
  private deadlineTimer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly books = new Map<string, BookBuilder>();
  /** Book resubscriptions after a gap or checksum mismatch. */
  bookResyncs = 0;
  closed = false;

  constructor(options: TokexSocketOptions) {
    this.options = options;
  }

  /** Connects; resolves when the socket is open. */
  open(): Promise<void> {
    const socket = this.create();
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = (event) => {
        const detail = (event as { message?: unknown }).message;
        reject(new Error(`websocket error${typeof detail === 'string' ? `: ${detail}` : ''}`));
      };
      socket.onclose = (event) => this.onClose(event.code, event.reason);
      socket.onmessage = (event) => this.onMessage(event.data);
    });
  }

  close(code = 1000, reason = 'bye'): void {
    this.socket?.close(code, reason);
  }

  /** Registers a handler for one message type (or 'close'); returns its remover. */
  on<T extends ServerMessage['type']>(type: T, handler: (message: MessageOf<T>) => void): () => void;
  on(type: 'close', handler: (event: { code: number; reason: string }) => void): () => void;
  on(type: string, handler: (message: never) => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  async login(options: { cancelOnDisconnect?: boolean } = {}): Promise<LoggedInMessage> {
    const { apiKey, apiSecret } = this.options;
    if (apiKey === undefined || apiSecret === undefined) throw new Error('login needs apiKey and apiSecret');
    const timestamp = Math.floor((this.options.nowMs ?? Date.now)());
    const signature = await signRequest(apiSecret, String(timestamp), 'GET', wsLoginPath, '');
    return (await this.request({ type: 'login', key: apiKey, timestamp, signature, ...options })) as LoggedInMessage;
  }

  async subscribe(channels: string[]): Promise<AckMessage> {
    return (await this.request({ type: 'subscribe', channels })) as AckMessage;
  }

  async unsubscribe(channels: string[]): Promise<AckMessage> {
    return (await this.request({ type: 'unsubscribe', channels })) as AckMessage;
  }

  /** Resolves with the whole order once durable; rejects with a TokexApiError (422 carries the rejected order). */
  submitOrder(order: OrderRequest): Promise<Order> {
    return this.result<Order>({ type: 'submit', order });
  }

  /** As `submitOrder`, answered with the short OrderAck: less to write and parse when orders come by the thousand. */
  submitOrderAck(order: OrderRequest): Promise<OrderAck> {
    return this.result<OrderAck>({ type: 'submit', order, response: 'ack' });
  }

  cancelOrder(orderId: number): Promise<Order> {
    return this.result<Order>({ type: 'cancel', orderId });
  }

  cancelOrderByClientId(clientOrderId: string): Promise<Order> {
    return this.result<Order>({ type: 'cancelByClientId', clientOrderId });
  }

  replaceOrder(orderId: number, changes: ReplaceRequest): Promise<Order> {
    return this.result<Order>({ type: 'replace', orderId, changes });
  }

  async massCancel(options: { symbol?: string } = {}): Promise<Order[]> {
    return (await this.result<{ orders: Order[] }>({ type: 'massCancel', ...options })).orders;
  }

  cancelAllAfter(timeoutMs: number): Promise<CancelAllAfter> {
    return this.result<CancelAllAfter>({ type: 'cancelAllAfter', timeoutMs });
  }

  async ping(): Promise<number> {
    return ((await this.request({ type: 'ping' })) as MessageOf<'pong'>).tsMs;
  }

  /** The account's position lines now and after every trade, settlement or final settlement; resolves with a stopper. */
  positions(handler: (message: PositionsMessage) => void): Promise<() => void> {
    return this.watch('positions', handler);
  }

  /** The account's margin summary now and after every clearing event about it; resolves with a stopper. */
  margin(handler: (message: MarginMessage) => void): Promise<() => void> {
    return this.watch('margin', handler);
  }

  /** A live book of `symbol`: resolves after its first snapshot; repairs itself on gaps. */
  async book(symbol: string, onChange?: (book: BookBuilder) => void): Promise<BookBuilder> {
    let builder = this.books.get(symbol);
    if (builder !== undefined) return builder;
    builder = new BookBuilder(symbol);
    this.books.set(symbol, builder);
    const book = builder;
    const channel = `book.${symbol}`;
    const first = new Promise<void>((resolve) => {
      this.on('book.snapshot', (message) => {
        if (message.channel !== channel) return;
        if (book.applySnapshot(message) === 'ok') resolve();
        else this.resubscribe(channel);
        onChange?.(book);
      });
    });
    this.on('book.update', (message) => {
      if (message.channel !== channel) return;
      const result = book.applyUpdate(message);
      if (result === 'gap' || result === 'checksum_mismatch') this.resubscribe(channel);
      else if (result === 'ok') onChange?.(book);
    });
    await this.subscribe([channel]);
    await first;
    return book;
  }

  // ---- internals ----------------------------------------------------------------------

  private async watch<T extends 'positions' | 'margin'>(channel: T, handler: (message: MessageOf<T>) => void): Promise<() => void> {
    const off = this.on(channel, handler);
    try {
      await this.subscribe([channel]);
    } catch (error) {
      off();
      throw error;
    }
    return () => {
      off();
      this.unsubscribe([channel]).catch(() => undefined);
    };
  }

  private resubscribe(channel: string): void {
    this.bookResyncs++;
    this.subscribe([channel]).catch(() => undefined);
  }

  /** A trading request: settles with the answer's `result` (one promise per order, no wrapper awaits). */
  private result<T>(message: Record<string, unknown>): Promise<T> {
    return this.send(message, true) as Promise<T>;
  }

  private request(message: Record<string, unknown>): Promise<ServerMessage> {
    return this.send(message, false) as Promise<ServerMessage>;
  }

  private send(message: Record<string, unknown>, unwrap: boolean): Promise<unknown> {
    const socket = this.socket;
    if (socket === null || this.closed) return Promise.reject(new Error('the socket is not open'));
    const id = this.nextId++;
    message['id'] = id;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      // A promise-returning call never throws: an unserializable request rejects.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    const deadlineMs = performance.now() + timeoutMs;
    this.deadlineTimer ??= setInterval(() => this.expireRequests(), Math.max(1, Math.ceil(timeoutMs / 4)));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, unwrap, type: String(message['type']), deadlineMs });
      socket.send(text);
    });
  }

  /** Fails the requests past their deadline; stops the timer when none is left. */
  private expireRequests(): void {
    const now = performance.now();
    for (const [id, pending] of this.pending.entries()) {
      if (pending.deadlineMs > now) continue;
      this.pending.delete(id);
      pending.reject(new Error(`request ${id} (${pending.type}) timed out`));
    }
    if (this.pending.size === 0) this.stopDeadlineTimer();
  }

  private stopDeadlineTimer(): void {
    if (this.deadlineTimer === null) return;
    clearInterval(this.deadlineTimer);
    this.deadlineTimer = null;
  }

  private onMessage(data: unknown): void {
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    const message = JSON.parse(text) as ServerMessage;
    const id = 'id' in message ? message.id : undefined;
    if (id !== undefined) {
      const pending = this.pending.get(id);
      if (pending !== undefined) {
        this.pending.delete(id);
        if (message.type === 'error') pending.reject(new TokexApiError(message.status, message));
        else pending.resolve(pending.unwrap && message.type === 'result' ? message.result : message);
      }
    }
    this.emit(message.type, message);
  }

  private onClose(code: number, reason: string): void {
    this.closed = true;
    this.stopDeadlineTimer();
    for (const [id, pending] of this.pending.entries()) {
      pending.reject(new Error(`the socket closed (${code} ${reason}) before answering request ${id}`));
    }
    this.pending.clear();
    this.emit('close', { code, reason });
  }

  private emit(type: string, value: unknown): void {
    const listeners = this.listeners.get(type);
    if (listeners === undefined) return;
    for (const listener of listeners) (listener as (value: unknown) => void)(value);
  }

  private create(): SocketLike {
    if (this.options.connect !== undefined) return this.options.connect(this.options.url);
    const Ctor = this.options.WebSocket ?? (globalThis as { WebSocket?: new (url: string) => unknown }).WebSocket;
    if (Ctor === undefined) throw new Error('no WebSocket: pass the `ws` package class as options.WebSocket');
    return new Ctor(this.options.url) as SocketLike;
  }
}
