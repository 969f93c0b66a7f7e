// A stand-in for the exchange's WebSocket (a `ws` server socket), for the browser test of the ladder under load:
// answers login and subscriptions like /v1/ws, sends a book snapshot on `book.SYMBOL`,
// then whatever updates the test pushes, each with the right seq, prevSeq and CRC32
// checksum of the top 10 levels (the server's rule, docs/api/README.md), so the app's
// BookBuilder accepts them; `gap()` sends one update whose prevSeq skips a message.
import type { RawData, WebSocket } from 'ws';
import { compareDecimal, crc32 } from '../../src/client/index.ts';

type Levels = Map<string, string>;

export class MockBookSocket {
  private readonly symbol: string;
  private readonly bids: Levels = new Map();
  private readonly asks: Levels = new Map();
  private seq = 1;
  private socket: WebSocket | null = null;
  /** Snapshots sent (one per subscribe of the book channel). */
  snapshots = 0;

  constructor(symbol: string, bids: readonly [string, string][], asks: readonly [string, string][]) {
    this.symbol = symbol;
    for (const [price, qty] of bids) this.bids.set(price, qty);
    for (const [price, qty] of asks) this.asks.set(price, qty);
  }

  /** Serves one connection (the app opens one). */
  readonly handle = (socket: WebSocket): void => {
    this.socket = socket;
    socket.on('message', (data: RawData) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(new Uint8Array(data)) : data;
      const text = bytes.toString('utf8');
      const message = JSON.parse(text) as {
        type: string;
        id?: number;
        channels?: string[];
      };
      if (message.type === 'login') {
        socket.send(JSON.stringify({ type: 'loggedIn', id: message.id, account: 'alice', role: 'trader', cancelOnDisconnect: false }));
      } else if (message.type === 'subscribe' || message.type === 'unsubscribe') {
        socket.send(JSON.stringify({ type: `${message.type}d`, id: message.id, channels: message.channels ?? [] }));
        if (message.type === 'subscribe' && (message.channels ?? []).includes(`book.${this.symbol}`)) this.sendSnapshot();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong', id: message.id, tsMs: Date.now() }));
      }
    });
  };

  get connected(): boolean {
    return this.socket !== null;
  }

  /** Sets one level (qty "0" deletes it) and sends the update. */
  update(side: 'buy' | 'sell', price: string, qty: string): void {
    const levels = side === 'buy' ? this.bids : this.asks;
    if (qty === '0') levels.delete(price);
    else levels.set(price, qty);
    const prevSeq = this.seq;
    this.seq += 1;
    const level = [[price, qty]];
    this.send({
      type: 'book.update',
      channel: `book.${this.symbol}`,
      symbol: this.symbol,
      seq: this.seq,
      prevSeq,
      bids: side === 'buy' ? level : [],
      asks: side === 'sell' ? level : [],
      checksum: this.checksum(),
    });
  }

  /** An update whose prevSeq skips one message: the app must notice the gap. */
  gap(): void {
    this.seq += 2;
    this.send({
      type: 'book.update',
      channel: `book.${this.symbol}`,
      symbol: this.symbol,
      seq: this.seq,
      prevSeq: this.seq - 1,
      bids: [],
      asks: [],
      checksum: this.checksum(),
    });
  }

  private sendSnapshot(): void {
    this.snapshots += 1;
    this.send({
      type: 'book.snapshot',
      channel: `book.${this.symbol}`,
      symbol: this.symbol,
      seq: this.seq,
      bids: this.sorted('buy'),
      asks: this.sorted('sell'),
      checksum: this.checksum(),
    });
  }

  private sorted(side: 'buy' | 'sell'): [string, string][] {
    const levels = [...(side === 'buy' ? this.bids : this.asks).entries()];
    return levels.sort(([a], [b]) => (side === 'buy' ? compareDecimal(b, a) : compareDecimal(a, b)));
  }

  private checksum(): number {
    const bids = this.sorted('buy');
    const asks = this.sorted('sell');
    const parts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const bid = bids[i];
      const ask = asks[i];
      if (bid !== undefined) parts.push(bid[0], bid[1]);
      if (ask !== undefined) parts.push(ask[0], ask[1]);
    }
    return crc32(parts.join(':'));
  }

  private send(message: unknown): void {
    this.socket?.send(JSON.stringify(message));
  }
}
