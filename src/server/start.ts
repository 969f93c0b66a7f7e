/**
 * Starting and stopping a whole exchange process on the embedded store: the SQLite
 * journal at `dbPath`, snapshots beside it (`<db>.snapshots`), API keys in `<db>.keys`.
 * The composition root that `tokex serve` and the crash tests use.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InstrumentSpec } from '../core/model/index.ts';
import { SqliteJournal } from '../store/sqlite-journal.ts';
import { SqliteSnapshotStore } from '../store/sqlite-snapshot-store.ts';
import { openKeyStore, type KeyStore } from './auth/key-store.ts';
import { systemClock, type Clock } from './clock.ts';
import { defaultProductsDir, loadProducts } from '../contracts-data/products.ts';
import { instrumentsListedOn, civilDateUtc, ListingRoll } from './listing-roll.ts';
import { setUpClearing } from './clearing-setup.ts';
import { defaultDataDir } from '../benchmark-data/data-dir.ts';
import { Exchange, type ExchangeSnapshot } from './exchange.ts';
import { buildHttpApp, type HttpLimits } from './http/app.ts';

export interface StartOptions {
  readonly dbPath: string;
  readonly port: number;
  readonly host: string;
  readonly snapshotEvery: number;
  readonly batchMax: number;
  /** Product files directory (default: the project's products/). Ignored when `instruments` is given. */
  readonly productsDir?: string;
  /**
   * Run the market rules and the clearing house: products listed to the engine (limits,
   * bands), margin on every order, clearing accounts only (default off until the demo
   * market of issue 8 sets up accounts).
   */
  readonly clearing?: boolean;
  /** The benchmark data directory (reference prices of cleared contracts, hedge plans). */
  readonly dataDir?: string;
  /** Fixed instruments instead of the product calendar (tests). */
  readonly instruments?: readonly InstrumentSpec[];
  readonly limits?: HttpLimits;
  readonly clock?: Clock;
  readonly log: (line: string) => void;
}

export interface RunningExchange {
  readonly exchange: Exchange;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startExchange(options: StartOptions): Promise<RunningExchange> {
  mkdirSync(dirname(options.dbPath), { recursive: true });
  const clock = options.clock ?? systemClock;
  const products = options.instruments === undefined ? loadProducts(options.productsDir ?? defaultProductsDir) : [];
  const exchange = await Exchange.open({
    journal: new SqliteJournal(options.dbPath),
    snapshots: new SqliteSnapshotStore<ExchangeSnapshot>(`${options.dbPath}.snapshots`),
    clock,
    instruments: options.instruments ?? instrumentsListedOn(products, civilDateUtc(clock.nowMs())),
    snapshotEvery: options.snapshotEvery,
    batchMax: options.batchMax,
    log: options.log,
  });
  if (options.clearing === true) {
    await setUpClearing(exchange, products, options.dataDir ?? defaultDataDir, options.log);
  }
  let keys: KeyStore;
  try {
    keys = openKeyStore(options.dbPath);
  } catch (error) {
    await exchange.close();
    throw error;
  }
  const app = await buildHttpApp({
    exchange,
    keys,
    clock,
    log: options.log,
    products,
    dataDir: options.dataDir ?? defaultDataDir,
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  const address = await app.listen({ port: options.port, host: options.host });
  const roll = new ListingRoll({
    products,
    clock,
    isListed: (symbol) => exchange.units(symbol) !== undefined,
    list: async (spec) => {
      await exchange.submit({ type: 'ListInstrument', spec });
      // A new month joins the market rules and clearing like the ones listed at start.
      if (options.clearing === true) await setUpClearing(exchange, products, options.dataDir ?? defaultDataDir, options.log);
    },
    log: options.log,
  });
  return {
    exchange,
    url: address,
    stop: async () => {
      roll.stop();
      await app.close();
      await exchange.close();
      keys.close();
    },
  };
}
