// Test harness of the API tests: an Exchange on the memory journal and snapshot
// store with a fake clock and two demo instruments, a key store in memory, the
// Fastify app, and signed `inject` calls.
import { createHmac } from 'node:crypto';
import type { InstrumentSpec } from '../../src/core/model/index.ts';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';
import { createApiKey, openKeyStore, type CreatedApiKey, type KeyStore } from '../../src/server/auth/key-store.ts';
import { Exchange } from '../../src/server/exchange.ts';
import { buildHttpApp, type HttpAppDeps, type TypedApp } from '../../src/server/http/app.ts';
import { MemoryJournal, MemoryJournalMedium } from '../../src/store/memory-journal.ts';
import { MemorySnapshotStore } from '../../src/store/memory-snapshot-store.ts';
import { tokClearing } from '../engine/fixtures.ts';

export const demoInstruments: InstrumentSpec[] = [
  {
    symbol: 'TOKZ26',
    tickSize: '0.01',
    lotSize: '1',
    priceTicksMin: 1 as Ticks,
    priceTicksMax: 10_000_000 as Ticks,
    orderQtyLotsMax: 100_000 as Lots,
    marketProtectionTicks: 500 as Ticks,
  },
  {
    symbol: 'H100Z26',
    tickSize: '0.01',
    lotSize: '1',
    priceTicksMin: 1 as Ticks,
    priceTicksMax: 10_000_000 as Ticks,
    orderQtyLotsMax: 100_000 as Lots,
    marketProtectionTicks: 500 as Ticks,
  },
];

export class FakeClock {
  now = 1_790_000_000_000;
  nowMs(): number {
    return this.now;
  }
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface Harness {
  readonly app: TypedApp;
  readonly exchange: Exchange;
  readonly journal: MemoryJournal;
  readonly clock: FakeClock;
  readonly keys: KeyStore;
  readonly alice: CreatedApiKey;
  readonly bob: CreatedApiKey;
  readonly operator: CreatedApiKey;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Pick<HttpAppDeps, 'limits' | 'ws' | 'products' | 'dataDir'>> {
  /** Listed instruments (default `demoInstruments`). */
  readonly instruments?: readonly InstrumentSpec[];
}

export async function makeHarness(harnessOptions: HarnessOptions = {}): Promise<Harness> {
  const { instruments = demoInstruments, ...options } = harnessOptions;
  const clock = new FakeClock();
  const journal = new MemoryJournal(new MemoryJournalMedium());
  const exchange = await Exchange.open({
    journal,
    snapshots: new MemorySnapshotStore(),
    clock,
    instruments,
    snapshotEvery: 1_000,
    batchMax: 256,
  });
  const keys = openKeyStore(':memory:', { masterKey: 'test-master-key-0123456789abcdef', nowMs: () => clock.nowMs() });
  const alice = createApiKey(keys, { account: 'alice' });
  const bob = createApiKey(keys, { account: 'bob' });
  const operator = createApiKey(keys, { account: 'ops', role: 'operator' });
  const app = await buildHttpApp({ exchange, keys, clock, ...options });
  await app.ready();
  return {
    app,
    exchange,
    journal,
    clock,
    keys,
    alice,
    bob,
    operator,
    async close() {
      await app.close();
      await exchange.close();
      keys.close();
    },
  };
}

export function sign(secret: string, timestamp: string, method: string, pathWithQuery: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}${method}${pathWithQuery}${body}`).digest('hex');
}

export interface SignedOptions {
  readonly body?: unknown;
  /** Raw body text (overrides `body`). */
  readonly raw?: string;
  readonly timestamp?: number;
  readonly headers?: Record<string, string>;
}

/** A signed request of `key` through inject. */
export function signed(h: Harness, key: CreatedApiKey, method: string, url: string, options: SignedOptions = {}) {
  const body = options.raw ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const timestamp = String(options.timestamp ?? h.clock.nowMs());
  const headers: Record<string, string> = {
    'tokex-key': key.apiKey,
    'tokex-timestamp': timestamp,
    'tokex-signature': sign(key.apiSecret, timestamp, method, url, body),
    ...(body.length > 0 && { 'content-type': 'application/json' }),
    ...options.headers,
  };
  return h.app.inject({ method: method as 'GET', url, headers, ...(body.length > 0 && { payload: body }) });
}

export function limitOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { symbol: 'TOKZ26', side: 'buy', type: 'limit', price: '12.34', qty: '5', tif: 'gtc', clientOrderId: 'c1', ...overrides };
}

/** Clearing for TOKZ26: tick value 1.00 USD, 10% scan range, reference 12.34. */
export const testClearingCommands: readonly Parameters<Harness['exchange']['submit']>[0][] = tokClearing('TOKZ26', 1_234);

/** Sets up `testClearingCommands` through the journal. */
export async function setUpTestClearing(h: Harness): Promise<void> {
  for (const command of testClearingCommands) await h.exchange.submit(command);
}
