// The WebSocket API with the real SDK against a listening server: books that match the
// engine, private channels, order entry, cancel-on-disconnect, gap repair, slow
// consumers and heartbeats.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import {
  TokexApiError,
  type Order,
  type OrdersMessage,
  type FillsMessage,
  type BookBuilder,
  type StatusMessage,
} from '../../src/client/index.ts';
import type { EngineCommand } from '../../src/core/engine/index.ts';
import { defaultProductsDir, loadProducts } from '../../src/contracts-data/products.ts';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';
import { Prng } from '../../src/core/kernel/index.ts';
import { limitOrder } from '../api/harness.ts';
import { filteredTransport, makeLiveHarness, waitFor, type LiveHarness } from './ws-harness.ts';

let h: LiveHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function engineLevels(live: LiveHarness, symbol: string, side: 'buy' | 'sell'): [string, string][] {
  const units = live.exchange.units(symbol)!;
  return live.exchange.engine.books.levels(symbol, side, 1_000).map((l) => [units.formatPrice(l.priceTicks), units.formatQty(l.qtyLots)]);
}

function matchesEngine(live: LiveHarness, book: BookBuilder): boolean {
  return (
    JSON.stringify(book.bids()) === JSON.stringify(engineLevels(live, book.symbol, 'buy')) &&
    JSON.stringify(book.asks()) === JSON.stringify(engineLevels(live, book.symbol, 'sell'))
  );
}

/** Random limit orders from both sides around 12.00, some crossing. */
async function trade(live: LiveHarness, count: number, seed: number): Promise<void> {
  const prng = new Prng(seed);
  const clients = [live.rest(live.alice), live.rest(live.bob)];
  for (let i = 0; i < count; i++) {
    const side = prng.intBetween(0, 1) === 0 ? 'buy' : 'sell';
    const price = (1_150 + prng.intBetween(0, 100)) / 100;
    await clients[i % 2]!.submitOrder({
      symbol: 'TOKZ26',
      side,
      type: 'limit',
      tif: 'gtc',
      qty: String(prng.intBetween(1, 9)),
      price: price.toFixed(2),
      clientOrderId: `r${seed}-${i}`,
    });
  }
}

describe('book channel', () => {
  it('a snapshot and its updates rebuild the engine book exactly, checksums included', async () => {
    h = await makeLiveHarness();
    const live = h;
    await trade(live, 20, 1);
    const socket = live.socket();
    await socket.open();
    const book = await socket.book('TOKZ26');
    expect(matchesEngine(live, book)).toBe(true);
    await trade(live, 80, 2);
    await waitFor(() => book.seq === live.exchange.engine.lastSeq || matchesEngine(live, book), 'the book to catch up');
    await waitFor(() => matchesEngine(live, book), 'the book to match');
    expect(socket.bookResyncs).toBe(0);
  });

  it('detects a dropped update by its prevSeq, resubscribes, and repairs the book', async () => {
    h = await makeLiveHarness();
    const live = h;
    let updates = 0;
    const transport = filteredTransport((data) => !(data.includes('"book.update"') && ++updates === 3));
    const socket = live.socket(undefined, transport.connect);
    await socket.open();
    const book = await socket.book('TOKZ26');
    await trade(live, 30, 3);
    await waitFor(() => socket.bookResyncs === 1 && matchesEngine(live, book), 'the book to be repaired');
    expect(updates).toBeGreaterThan(3);
  });

  it('trades channel', async () => {
    h = await makeLiveHarness();
    const socket = h.socket();
    await socket.open();
    const trades: unknown[] = [];
    socket.on('trades', (message) => trades.push(...message.trades));
    await socket.subscribe(['trades.TOKZ26']);
    await h
      .rest(h.alice)
      .submitOrder({ symbol: 'TOKZ26', side: 'buy', type: 'limit', tif: 'gtc', qty: '2', price: '12.00', clientOrderId: 'b' });
    await h.rest(h.bob).submitOrder({ symbol: 'TOKZ26', side: 'sell', type: 'market', tif: 'ioc', qty: '2', clientOrderId: 's' });
    await waitFor(() => trades.length === 1, 'a trade');
    expect(trades[0]).toMatchObject({ tradeId: 1, symbol: 'TOKZ26', price: '12.00', qty: '2', aggressorSide: 'sell' });
    await expect(socket.subscribe(['trades.NOPEZ26'])).rejects.toMatchObject({ status: 404, reason: 'unknown_instrument' });
  });
});

describe('login and private channels', () => {
  it('delivers the own orders and fills only', async () => {
    h = await makeLiveHarness();
    const live = h;
    const alice = live.socket(live.alice);
    const bob = live.socket(live.bob);
    await alice.open();
    await bob.open();
    expect(await alice.login()).toMatchObject({ type: 'loggedIn', account: 'alice', role: 'trader', cancelOnDisconnect: false });
    await bob.login();
    const aliceOrders: Order[] = [];
    const aliceFills: FillsMessage['fills'] = [];
    const bobOrders: Order[] = [];
    alice.on('orders', (m: OrdersMessage) => aliceOrders.push(...m.orders));
    alice.on('fills', (m) => aliceFills.push(...m.fills));
    bob.on('orders', (m) => bobOrders.push(...m.orders));
    await alice.subscribe(['orders', 'fills']);
    await bob.subscribe(['orders']);
    const order = await alice.submitOrder(limitOrder({ clientOrderId: 'ws1' }) as never);
    expect(order).toMatchObject({ orderId: 1, status: 'new', account: 'alice' });
    await live
      .rest(live.bob)
      .submitOrder({ symbol: 'TOKZ26', side: 'sell', type: 'limit', tif: 'ioc', qty: '2', price: '12.34', clientOrderId: 'hit' });
    await waitFor(() => aliceFills.length === 1 && aliceOrders.length === 2 && bobOrders.length === 1, 'private updates');
    expect(aliceOrders.map((o) => o.status)).toEqual(['new', 'partially_filled']);
    expect(aliceFills[0]).toMatchObject({ orderId: 1, qty: '2', price: '12.34', liquidity: 'maker' });
    expect(bobOrders[0]).toMatchObject({ account: 'bob', status: 'filled' });
  });

  it('refuses bad logins, private channels and order entry before a login', async () => {
    h = await makeLiveHarness();
    const socket = h.socket({ ...h.alice, apiSecret: 'wrong' });
    await socket.open();
    await expect(socket.subscribe(['orders'])).rejects.toMatchObject({ status: 401, code: 1112, reason: 'not_logged_in' });
    await expect(socket.submitOrder(limitOrder() as never)).rejects.toMatchObject({ status: 401, reason: 'not_logged_in' });
    await expect(socket.login()).rejects.toMatchObject({ status: 401, code: 1102, message: 'signature: does not match the request' });
    expect(h.journal.lastSeq()).toBe(2);
  });
});

describe('order entry over the socket', () => {
  it('gives the same results as REST', async () => {
    h = await makeLiveHarness();
    const live = h;
    const socket = live.socket(live.alice);
    await socket.open();
    await socket.login();
    const order = await socket.submitOrder(limitOrder() as never);
    const seq = live.journal.lastSeq();
    expect(await live.rest(live.alice).submitOrder(limitOrder() as never)).toEqual(order);
    expect(await socket.submitOrder(limitOrder() as never)).toEqual(order);
    expect(live.journal.lastSeq()).toBe(seq);
    const bad = await socket.submitOrder(limitOrder({ qty: 5, clientOrderId: 'bad' }) as never).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TokexApiError);
    expect(bad).toMatchObject({ status: 400, code: 1003, message: 'order.qty: must be string' });
    const restBad = await live
      .rest(live.alice)
      .submitOrder(limitOrder({ qty: 5, clientOrderId: 'bad' }) as never)
      .catch((e: unknown) => e);
    expect(restBad).toMatchObject({ status: 400, code: 1003, message: 'qty: must be string' });
    await expect(socket.submitOrder(limitOrder({ price: '1.001', clientOrderId: 'x' }) as never)).rejects.toMatchObject({
      status: 422,
      code: 3001,
    });
    expect(live.journal.lastSeq()).toBe(seq);
    expect(await socket.replaceOrder(order.orderId!, { qty: '2' })).toMatchObject({ qty: '2', leavesQty: '2' });
    expect(await socket.cancelOrderByClientId('c1')).toMatchObject({ status: 'cancelled' });
    await expect(socket.cancelOrder(order.orderId!)).rejects.toMatchObject({ status: 422, reason: 'unknown_order' });
    await expect(socket.cancelOrder(999)).rejects.toMatchObject({ status: 404, reason: 'unknown_order' });
    await socket.submitOrder(limitOrder({ clientOrderId: 'm1' }) as never);
    expect((await socket.massCancel({ symbol: 'TOKZ26' })).map((o) => o.clientOrderId)).toEqual(['m1']);
    expect(await socket.cancelAllAfter(0)).toEqual({ timeoutMs: 0, triggerAtMs: null });
    expect(await socket.ping()).toBeGreaterThan(0);
  });

  it('sends retries of one client order id sent together once, and answers every one with the same order', async () => {
    h = await makeLiveHarness();
    const live = h;
    const socket = live.socket(live.alice);
    await socket.open();
    await socket.login();
    const seq = live.journal.lastSeq();
    // Sent in one turn: the second and third arrive while the first is being sequenced.
    const answers = await Promise.all([
      socket.submitOrder(limitOrder({ clientOrderId: 'twice' }) as never),
      socket.submitOrderAck(limitOrder({ clientOrderId: 'twice' }) as never),
      socket.submitOrder(limitOrder({ clientOrderId: 'twice' }) as never),
      socket.submitOrder(limitOrder({ clientOrderId: 'other' }) as never),
    ]);
    expect(live.journal.lastSeq()).toBe(seq + 2);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[1]).toMatchObject({ orderId: answers[0].orderId, clientOrderId: 'twice', status: 'new' });
    expect(answers[3].orderId).not.toBe(answers[0].orderId);
  });

  it("answers `response: 'ack'` with the short ack of the same order, retries and rejections included", async () => {
    h = await makeLiveHarness();
    const live = h;
    const socket = live.socket(live.alice);
    await socket.open();
    await socket.login();
    await live.rest(live.bob).submitOrder(limitOrder({ side: 'sell', qty: '1', clientOrderId: 'ask' }) as never);
    const ack = await socket.submitOrderAck(limitOrder({ qty: '3', clientOrderId: 'a1' }) as never);
    const full = await live.rest(live.alice).order(ack.orderId);
    expect(ack).toEqual({
      orderId: full.orderId,
      clientOrderId: 'a1',
      status: 'partially_filled',
      filledQty: '1',
      leavesQty: '2',
      updatedSeq: full.updatedSeq,
    });
    // A retry is answered in the form asked for, from the read model, journaling nothing.
    const seq = live.journal.lastSeq();
    expect(await socket.submitOrderAck(limitOrder({ qty: '3', clientOrderId: 'a1' }) as never)).toEqual(ack);
    expect(await socket.submitOrder(limitOrder({ qty: '3', clientOrderId: 'a1' }) as never)).toEqual(full);
    expect(live.journal.lastSeq()).toBe(seq);
    // A rejection is the same error as without the option, carrying the whole rejected order.
    const rejected = await socket
      .submitOrderAck({ symbol: 'TOKZ26', side: 'buy', type: 'market', tif: 'fok', qty: '50', clientOrderId: 'fok' })
      .catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(TokexApiError);
    expect(rejected).toMatchObject({ status: 422, order: { clientOrderId: 'fok', status: 'rejected' } });
    const unknownOption = await new Promise<unknown>((resolve) => {
      socket.on('error', resolve);
      (socket as unknown as { request(m: object): Promise<unknown> })
        .request({ type: 'submit', order: limitOrder(), response: 'full' })
        .catch(() => undefined);
    });
    expect(unknownOption).toMatchObject({ status: 400, reason: 'field_invalid' });
    expect((unknownOption as { message: string }).message).toMatch(/^response: /);
  });

  it('answers malformed messages with an error naming the field', async () => {
    h = await makeLiveHarness();
    const errors: unknown[] = [];
    const transport = filteredTransport(() => true);
    const socket = h.socket(undefined, transport.connect);
    socket.on('error', (m) => errors.push(m));
    await socket.open();
    const raw = transport.raw();
    raw.send('{nope');
    raw.send(JSON.stringify({ type: 'fly' }));
    raw.send(JSON.stringify({ type: 'subscribe', channels: ['book.TOKZ26'], extra: 1 }));
    raw.send(JSON.stringify({ channels: [] }));
    await waitFor(() => errors.length === 4, 'four errors');
    expect(errors).toEqual([
      expect.objectContaining({ status: 400, code: 1001, message: expect.stringMatching(/^message: not valid JSON/) as string }),
      expect.objectContaining({ status: 400, code: 1003, message: expect.stringMatching(/^type: must be one of subscribe, /) as string }),
      expect.objectContaining({ status: 400, code: 1003, message: 'extra: unknown field' }),
      expect.objectContaining({ status: 400, code: 1002, message: 'type: is required' }),
    ]);
  });
});

describe('sessions', () => {
  it('cancels the account on disconnect when asked to', async () => {
    h = await makeLiveHarness();
    const live = h;
    const keep = live.socket(live.bob);
    await keep.open();
    await keep.login();
    await keep.submitOrder(limitOrder({ clientOrderId: 'bob1' }) as never);
    keep.close();
    const socket = live.socket(live.alice);
    await socket.open();
    await socket.login({ cancelOnDisconnect: true });
    const order = await socket.submitOrder(limitOrder() as never);
    socket.close();
    const rest = live.rest(live.alice);
    await waitFor(async () => (await rest.order(order.orderId!)).status === 'cancelled', 'the cancel on disconnect');
    expect(await rest.order(order.orderId!)).toMatchObject({ endReason: 'mass_cancel' });
    expect(await live.rest(live.bob).orders()).toHaveLength(1);
  });

  it('sends heartbeats and drops a peer that stops answering pings', async () => {
    h = await makeLiveHarness({ ws: { heartbeatMs: 40 } });
    const transport = filteredTransport(() => true);
    const socket = h.socket(undefined, transport.connect);
    const beats: unknown[] = [];
    const closes: { code: number }[] = [];
    socket.on('heartbeat', (m) => beats.push(m));
    socket.on('close', (e) => closes.push(e));
    await socket.open();
    await waitFor(() => beats.length >= 2, 'heartbeats');
    expect(beats[0]).toMatchObject({ type: 'heartbeat', seq: h.exchange.engine.lastSeq });
    const raw = transport.raw() as WebSocket & { _socket: { pause(): void; resume(): void } };
    raw._socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 250));
    raw._socket.resume();
    await waitFor(() => closes.length === 1, 'the close');
    expect(closes[0]!.code).toBe(1006);
  });

  it('tells a slow consumer to resync and closes it, never skipping silently', async () => {
    h = await makeLiveHarness({ ws: { sendBufferMax: 64 * 1024 }, limits: { rateLimit: { ratePerSec: 10_000, burst: 10_000 } } });
    const live = h;
    for (let i = 0; i < 1_000; i++) {
      void live.exchange.submit({
        type: 'SubmitOrder',
        symbol: 'TOKZ26',
        account: 'mm',
        clientOrderId: `l${i}`,
        side: i % 2 === 0 ? 'buy' : 'sell',
        orderType: 'limit',
        tif: 'gtc',
        qtyLots: 1 as Lots,
        priceTicks: (i % 2 === 0 ? 1_000 - i : 2_000 + i) as Ticks,
      });
    }
    const transport = filteredTransport(() => true);
    const socket = live.socket(undefined, transport.connect);
    const seen: string[] = [];
    socket.on('book.snapshot', () => seen.push('snapshot'));
    socket.on('resync', (m) => seen.push(`resync:${m.reason}`));
    socket.on('close', (e) => seen.push(`close:${e.code}`));
    await socket.open();
    const raw = transport.raw() as WebSocket & { _socket: { pause(): void; resume(): void } };
    raw._socket.pause();
    await live.exchange.submit({ type: 'MassCancel', account: 'nobody' });
    for (let i = 0; i < 1_000; i++) raw.send(JSON.stringify({ type: 'subscribe', channels: ['book.TOKZ26'] }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw._socket.resume();
    await waitFor(() => seen.at(-1)?.startsWith('close:') === true, 'the close');
    const snapshots = seen.filter((s) => s === 'snapshot').length;
    expect(snapshots).toBeGreaterThan(0);
    expect(snapshots).toBeLessThan(1_000);
    expect(seen.slice(-2)).toEqual(['resync:slow_consumer', 'close:1013']);
  });
});

describe('status channel', () => {
  it('sends the state on subscribe, the indicative price while the auction collects, then the open', async () => {
    h = await makeLiveHarness();
    const live = h;
    const socket = live.socket();
    await socket.open();
    const messages: StatusMessage[] = [];
    socket.on('status', (message) => messages.push(message));
    await socket.subscribe(['status.TOKZ26']);
    await waitFor(() => messages.length === 1, 'the state on subscribe');
    expect(messages[0]).toMatchObject({ channel: 'status.TOKZ26', events: [], state: { session: null } });
    const products = loadProducts(defaultProductsDir);
    for (const command of [
      { type: 'ListProduct', spec: products.find((p) => p.root === 'TOK') },
      { type: 'SetPriorSettlement', symbol: 'TOKZ26', priceTicks: 1_200 },
      { type: 'StartPreOpen', symbol: 'TOKZ26' },
    ] as const satisfies readonly EngineCommand[]) {
      await live.exchange.submit(command);
    }
    await waitFor(() => messages.some((m) => m.state.session === 'pre_open'), 'the pre-open');
    await live
      .rest(live.alice)
      .submitOrder({ symbol: 'TOKZ26', side: 'buy', type: 'limit', tif: 'day', qty: '2', price: '12.05', clientOrderId: 'a' });
    await live
      .rest(live.bob)
      .submitOrder({ symbol: 'TOKZ26', side: 'sell', type: 'limit', tif: 'day', qty: '1', price: '11.95', clientOrderId: 'b' });
    await waitFor(() => messages.at(-1)?.state.indicative?.qty === '1', 'the indicative auction');
    expect(messages.at(-1)!.state.indicative).toEqual({ price: '12.00', qty: '1', imbalance: '1', imbalanceSide: 'buy' });
    await live.exchange.submit({ type: 'OpenTrading', symbol: 'TOKZ26' });
    await waitFor(() => messages.at(-1)?.state.session === 'open', 'the open');
    expect(messages.at(-1)).toMatchObject({
      events: ['InstrumentStateChanged', 'AuctionUncrossed'],
      state: { indicative: null, dayTrades: 1 },
    });
    await expect(socket.subscribe(['status.NOPEZ26'])).rejects.toMatchObject({ status: 404, reason: 'unknown_instrument' });
  });
});
