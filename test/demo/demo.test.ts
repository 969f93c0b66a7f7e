// The live demo market (`tokex serve --demo`, what `npm start` runs), in-process on a
// temporary database and a free port, checked from the outside with src/client: the
// credentials route hands out a key that signs private requests, the agents make a
// two-sided book and trades, the demo user can place an order, and a restart on the
// same database sets nothing up twice and keeps the key. Agents run with fast pacing;
// nothing here asserts on speed, only on what appears within a generous wait.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TokexClient, type Account, type DemoCredentials } from '../../src/client/index.ts';
import { startExchange, type RunningExchange } from '../../src/server/start.ts';
import { SqliteJournal } from '../../src/store/sqlite-journal.ts';
import { makeHarness } from '../api/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'tokex-demo-'));
const dbPath = join(dir, 'demo.db');
const lines: string[] = [];
const waitMs = 30_000;

function start(): Promise<RunningExchange> {
  return startExchange({
    dbPath,
    port: 0,
    host: '127.0.0.1',
    snapshotEvery: 100_000,
    batchMax: 4096,
    demo: { paceMs: 25 },
    log: (line) => lines.push(line),
  });
}

function credentialsOf(url: string): Promise<DemoCredentials> {
  return new TokexClient({ baseUrl: url }).demoCredentials();
}

/** Polls `probe` until it returns a value, or fails after `waitMs` naming `what`. */
async function eventually<T>(what: string, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`not within ${waitMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Set-up commands in the journal (read once the server has stopped). */
async function setUpCommands(): Promise<Record<string, number>> {
  const journal = new SqliteJournal(dbPath);
  await journal.open();
  const counts: Record<string, number> = {};
  try {
    for await (const page of journal.read(1)) {
      for (const { command } of page) {
        if (command.type === 'AddClearingMember' || command.type === 'OpenClearingAccount' || command.type === 'MoveCollateral') {
          counts[command.type] = (counts[command.type] ?? 0) + 1;
        }
      }
    }
  } finally {
    await journal.close();
  }
  return counts;
}

function collateralOf(account: Account): string | undefined {
  return account.currencies.find((line) => line.currency === 'USD')?.collateral;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo market', () => {
  let first: DemoCredentials;
  let firstCollateral: string | undefined;
  let firstSetUp: Record<string, number>;

  it('hands out the demo key, trades on its own, and takes the demo user order', async () => {
    const running = await start();
    try {
      first = await credentialsOf(running.url);
      expect(first.account).toBe('demo');
      const client = new TokexClient({ baseUrl: running.url, apiKey: first.apiKey, apiSecret: first.apiSecret });
      const account = await client.account();
      expect(account.account).toBe('demo');
      firstCollateral = collateralOf(account);
      expect(Number(firstCollateral)).toBeGreaterThan(0);

      const symbols = running.demo?.symbols ?? [];
      expect(symbols.length).toBeGreaterThan(0);
      const symbol = symbols[0]!;
      const book = await eventually(`a two-sided book of ${symbol}`, async () => {
        const seen = await client.book(symbol);
        return seen.bids.length > 0 && seen.asks.length > 0 ? seen : null;
      });
      await eventually(`trades in ${symbol}`, async () => ((await client.trades(symbol)).length > 0 ? true : null));

      const order = await client.submitOrder({
        symbol,
        side: 'buy',
        type: 'limit',
        price: book.bids[0]![0]!,
        qty: '1',
        tif: 'day',
        clientOrderId: 'demo-test-1',
      });
      expect(['new', 'partially_filled', 'filled']).toContain(order.status);
      expect(order.account).toBe('demo');
    } finally {
      await running.stop();
    }
    expect(lines.some((line) => line.startsWith('demo market: '))).toBe(true);
    firstSetUp = await setUpCommands();
    expect(firstSetUp['AddClearingMember']).toBe(1);
    expect(firstSetUp['OpenClearingAccount']).toBeGreaterThan(1);
  });

  it('restarts on the same database without a second set-up, and the key still works', async () => {
    lines.length = 0;
    const running = await start();
    try {
      const again = await credentialsOf(running.url);
      expect(again).toEqual(first);
      const client = new TokexClient({ baseUrl: running.url, apiKey: again.apiKey, apiSecret: again.apiSecret });
      // Not deposited again (settlement cycles and fees may have moved it a little).
      expect(Number(collateralOf(await client.account()))).toBeLessThan(1.5 * Number(firstCollateral));
      const symbol = running.demo!.symbols[0]!;
      await eventually(`a two-sided book of ${symbol} after the restart`, async () => {
        const seen = await client.book(symbol);
        return seen.bids.length > 0 && seen.asks.length > 0 ? true : null;
      });
    } finally {
      await running.stop();
    }
    expect(lines.some((line) => line.includes('nothing to set up'))).toBe(true);
    expect(await setUpCommands()).toEqual(firstSetUp);
  });

  it('has no credentials route outside demo mode', async () => {
    const h = await makeHarness();
    try {
      const response = await h.app.inject({ url: '/v1/demo/credentials' });
      expect(response.statusCode).toBe(404);
    } finally {
      await h.close();
    }
  });
});
