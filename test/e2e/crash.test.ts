/**
 * Crash and replay of the real server process: several clients trade over REST and
 * WebSocket while the process is killed with SIGKILL at random moments and restarted on
 * the same database. Afterwards every acknowledged order must be there in a state at
 * least as far along as acknowledged, no fill may be lost or duplicated, and the state
 * hash the server reports must equal a clean replay of its journal.
 *
 * The seed (TOKEX_SEED or a fresh one) is printed so a failure can be replayed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { TokexApiError, TokexClient, TokexSocket, type Order, type OrderRequest } from '../../src/client/index.ts';
import { Engine } from '../../src/core/engine/index.ts';
import { Prng } from '../../src/core/kernel/index.ts';
import { SqliteJournal } from '../../src/store/sqlite-journal.ts';
import { createKey, killHard, startServer, stopGracefully, type ServerProcess } from './server-process.ts';

const seed = Number(process.env['TOKEX_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const dir = mkdtempSync(join(tmpdir(), 'tokex-crash-'));
const dbPath = join(dir, 'tokex.db');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Keeps each account's orders and fills within one page of the API (1,000). */
const ordersPerRoundMax = 80;

function pause(prng: Prng): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, prng.intBetween(0, 12)));
}

interface Acked {
  readonly orderId: number;
  readonly filledQty: number;
  readonly account: string;
}

/** The token future's front month, as the product calendar lists it today. */
let symbol = '';

function randomOrder(prng: Prng, prefix: string, n: number): OrderRequest {
  const side = prng.intBetween(0, 1) === 0 ? 'buy' : 'sell';
  // Prices around 10.00 so orders cross often.
  const cents = 1000 + prng.intBetween(-5, 5);
  return {
    symbol,
    side,
    type: 'limit',
    tif: prng.intBetween(0, 4) === 0 ? 'ioc' : 'gtc',
    price: (cents / 100).toFixed(2),
    qty: String(prng.intBetween(1, 5)),
    clientOrderId: `${prefix}-${n}`,
  };
}

/** Trades until `stop()` is called or the server dies; records every acknowledged order. */
function restTrader(url: string, key: { apiKey: string; apiSecret: string }, account: string, prng: Prng, round: number, acked: Acked[]) {
  const client = new TokexClient({ baseUrl: url, ...key });
  let running = true;
  const done = (async () => {
    for (let n = 0; running && n < ordersPerRoundMax; n++) {
      await pause(prng);
      try {
        const order = await client.submitOrder(randomOrder(prng, `${account}-r${round}`, n));
        record(order, account, acked);
      } catch (error) {
        if (error instanceof TokexApiError && error.order !== undefined) continue;
        return; // the server is gone
      }
    }
  })();
  return { stop: () => (running = false), done };
}

function record(order: Order, account: string, acked: Acked[]): void {
  if (order.orderId !== null) acked.push({ orderId: order.orderId, filledQty: Number(order.filledQty), account });
}

async function socketTrader(
  url: string,
  key: { apiKey: string; apiSecret: string },
  account: string,
  prng: Prng,
  round: number,
  acked: Acked[],
) {
  const socket = new TokexSocket({ url: `${url.replace('http', 'ws')}/v1/ws`, WebSocket, ...key, requestTimeoutMs: 2_000 });
  await socket.open();
  await socket.login();
  let running = true;
  const done = (async () => {
    for (let n = 0; running && n < ordersPerRoundMax; n++) {
      await pause(prng);
      try {
        record(await socket.submitOrder(randomOrder(prng, `${account}-w${round}`, n)), account, acked);
      } catch {
        return;
      }
    }
  })();
  return { stop: () => (running = false), done, close: () => socket.close() };
}

describe('crash and replay of the server process', () => {
  it(`keeps every acknowledged order and fill across SIGKILLs (seed ${seed})`, async () => {
    const prng = new Prng(seed);
    const accounts = ['alice', 'bob', 'carol'];
    const keys = new Map(accounts.map((account) => [account, createKey(dbPath, account)]));
    const operator = createKey(dbPath, 'ops', 'operator');
    const acked: Acked[] = [];
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const server = await startServer(dbPath, ['--rate', '100000', '--burst', '100000', '--snapshot-every', '50']);
      if (symbol === '') {
        const listed = await new TokexClient({ baseUrl: server.url }).instruments();
        symbol = listed.find((instrument) => instrument.symbol.startsWith('TOK') && !instrument.symbol.startsWith('TOKL'))!.symbol;
      }
      const traders = accounts.slice(0, 2).map((account) => restTrader(server.url, keys.get(account)!, account, prng, round, acked));
      const ws = await socketTrader(server.url, keys.get('carol')!, 'carol', prng, round, acked);
      await new Promise((resolve) => setTimeout(resolve, prng.intBetween(300, 1_200)));
      await killHard(server);
      for (const trader of [...traders, ws]) trader.stop();
      await Promise.all([...traders.map((trader) => trader.done), ws.done]);
      ws.close();
    }
    expect(acked.length).toBeGreaterThan(20);

    const server: ServerProcess = await startServer(dbPath, ['--rate', '100000', '--burst', '100000']);
    let fillsSeen = 0;
    try {
      for (const account of accounts) {
        const client = new TokexClient({ baseUrl: server.url, ...keys.get(account)! });
        for (const ack of acked.filter((a) => a.account === account)) {
          const order = await client.order(ack.orderId);
          expect(Number(order.filledQty)).toBeGreaterThanOrEqual(ack.filledQty);
        }
        const fills = await client.fills({ limit: 1_000 });
        const keysSeen = new Set(fills.map((fill) => `${fill.tradeId}/${fill.orderId}`));
        expect(keysSeen.size).toBe(fills.length);
        fillsSeen += fills.length;
        // Each order's filled quantity is exactly the sum of its fills: none lost, none doubled.
        const filledByOrder = new Map<number, number>();
        for (const fill of fills) filledByOrder.set(fill.orderId, (filledByOrder.get(fill.orderId) ?? 0) + Number(fill.qty));
        for (const order of await client.orders({ status: 'all', limit: 1_000 })) {
          if (order.orderId !== null) expect(filledByOrder.get(order.orderId) ?? 0).toBe(Number(order.filledQty));
        }
      }
      expect(fillsSeen).toBeGreaterThan(0);
      const status = await new TokexClient({ baseUrl: server.url, ...operator }).adminStatus();
      expect(status.seq).toBeGreaterThan(acked.length);
      await stopGracefully(server);

      const journal = new SqliteJournal(dbPath, { readOnly: true });
      await journal.open();
      const replayed = new Engine();
      for await (const page of journal.read(1)) {
        for (const entry of page) replayed.apply(entry.command, { seq: entry.seq, tsMs: entry.tsMs });
      }
      await journal.close();
      expect(replayed.lastSeq).toBe(status.seq);
      expect(replayed.stateHash()).toBe(status.stateHash);
    } finally {
      await stopGracefully(server);
    }
  }, 180_000);
});
