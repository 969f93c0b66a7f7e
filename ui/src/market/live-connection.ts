/**
 * The app's one WebSocket to the exchange (src/client's TokexSocket): opens it, logs in
 * when there are credentials, and reopens it with back-off (1 s doubling to 10 s) when
 * it closes. Components attach what they need with `watchBook(symbol, ...)` and
 * `onSocket(setup)`; both are replayed on every new socket, so a reconnect restores books,
 * trades and private channels without the components knowing.
 *
 * Connection state for the indicator: `connecting`, `live`, `gap` (red: a book message
 * arrived out of sequence or failed its checksum; the SDK drops the book and subscribes
 * again, and the state returns to `live` `gapHoldMs` after the last gap), `down` (red:
 * closed, or the login was refused). Books stay subscribed once watched on a socket
 * (TokexSocket keeps one BookBuilder per symbol); switching symbols only detaches the
 * listener. O(1) per book update besides the SDK's BookBuilder.
 */
import { TokexSocket, type BookBuilder } from '../../../src/client/index.ts';
import type { Credentials } from '../session/credentials.ts';
import { monotonicNowMs } from '../session/monotonic-clock.ts';
import { FrameStore } from '../lib/frame-store.ts';

export type ConnectionState = 'connecting' | 'live' | 'gap' | 'down';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Book resubscriptions after a gap or checksum mismatch since the page loaded. */
  readonly gaps: number;
  readonly detail: string;
}

type Setup = (socket: TokexSocket) => (() => void) | void;

export const gapHoldMs = 5_000;
const reconnectMsMax = 10_000;

export class LiveConnection {
  readonly status = new FrameStore<ConnectionStatus>({ state: 'connecting', gaps: 0, detail: 'connecting' });
  private readonly url: string;
  private readonly credentials: Credentials | null;
  private socket: TokexSocket | null = null;
  private readonly bookListeners = new Map<string, Set<(book: BookBuilder) => void>>();
  private readonly setups = new Map<Setup, (() => void) | void>();
  private resyncsSeen = 0;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = 1_000;
  private stopped = true;
  /** Bumped by every start and stop, so a connect that outlived its start closes its socket. */
  private generation = 0;

  constructor(url: string, credentials: Credentials | null) {
    this.url = url;
    this.credentials = credentials;
  }

  start(): void {
    this.stopped = false;
    this.generation++;
    void this.connect(this.generation);
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.gapTimer !== null) clearTimeout(this.gapTimer);
    this.retryTimer = null;
    this.gapTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'page closed');
  }

  /** Calls `listener` with the live book of `symbol` after each change; returns the detacher. */
  watchBook(symbol: string, listener: (book: BookBuilder) => void): () => void {
    let listeners = this.bookListeners.get(symbol);
    if (listeners === undefined) {
      listeners = new Set();
      this.bookListeners.set(symbol, listeners);
    }
    listeners.add(listener);
    if (this.socket !== null) this.attachBook(this.socket, symbol);
    return () => listeners.delete(listener);
  }

  /** Runs `setup` on the current socket and every later one; its cleanup runs on removal. */
  onSocket(setup: Setup): () => void {
    this.setups.set(setup, this.socket === null ? undefined : setup(this.socket));
    return () => {
      const cleanup = this.setups.get(setup);
      this.setups.delete(setup);
      if (typeof cleanup === 'function') cleanup();
    };
  }

  private async connect(generation: number): Promise<void> {
    const socket = new TokexSocket({
      url: this.url,
      ...(this.credentials !== null && { apiKey: this.credentials.apiKey, apiSecret: this.credentials.apiSecret }),
      nowMs: monotonicNowMs,
    });
    this.setStatus('connecting', 'connecting');
    socket.on('close', () => {
      if (generation === this.generation) this.onClosed();
    });
    try {
      await socket.open();
      if (this.credentials !== null) await socket.login();
    } catch (error) {
      if (generation === this.generation) this.setStatus('down', error instanceof Error ? error.message : String(error));
      socket.close(1000, 'login failed');
      return;
    }
    if (generation !== this.generation) {
      socket.close(1000, 'page closed');
      return;
    }
    this.socket = socket;
    this.retryMs = 1_000;
    this.resyncsSeen = socket.bookResyncs;
    socket.on('book.update', () => this.checkGap(socket));
    socket.on('book.snapshot', () => this.checkGap(socket));
    this.setStatus('live', this.credentials === null ? 'live (public)' : `live as ${this.credentials.account}`);
    for (const symbol of this.bookListeners.keys()) this.attachBook(socket, symbol);
    for (const setup of this.setups.keys()) this.setups.set(setup, setup(socket));
  }

  private attachBook(socket: TokexSocket, symbol: string): void {
    socket
      .book(symbol, (book) => {
        for (const listener of this.bookListeners.get(symbol) ?? []) listener(book);
      })
      .then((book) => {
        for (const listener of this.bookListeners.get(symbol) ?? []) listener(book);
      })
      .catch(() => undefined);
  }

  private checkGap(socket: TokexSocket): void {
    if (socket.bookResyncs === this.resyncsSeen) return;
    const gaps = this.status.get().gaps + socket.bookResyncs - this.resyncsSeen;
    this.resyncsSeen = socket.bookResyncs;
    this.status.setNow({ state: 'gap', gaps, detail: `sequence gap: book resynchronised (${gaps} so far)` });
    if (this.gapTimer !== null) clearTimeout(this.gapTimer);
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.status.get().state === 'gap') this.setStatus('live', 'live');
    }, gapHoldMs);
  }

  private onClosed(): void {
    this.socket = null;
    for (const [setup, cleanup] of this.setups) {
      if (typeof cleanup === 'function') cleanup();
      this.setups.set(setup, undefined);
    }
    if (this.stopped || this.retryTimer !== null) return;
    if (this.status.get().state !== 'down') this.setStatus('down', 'disconnected: reconnecting');
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation) void this.connect(generation);
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, reconnectMsMax);
  }

  private setStatus(state: ConnectionState, detail: string): void {
    this.status.setNow({ state, gaps: this.status.get().gaps, detail });
  }
}
