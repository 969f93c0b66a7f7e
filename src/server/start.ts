/**
 * Starting and stopping a whole exchange process on the embedded store: the SQLite
 * journal at `dbPath`, snapshots beside it (`<db>.snapshots`), API keys in `<db>.keys`.
 * The composition root that `tokex serve` and the crash tests use.
 *
 * With `demo`, the live demo market of src/server/demo runs on it (clearing implied):
 * set up before the server listens, its agents started once it listens, and stopped
 * first on `stop`, before the server and the stores.
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
import { finalSettlementPrices, setUpClearing } from './clearing-setup.ts';
import { BenchmarkCache } from '../hedging-data/index.ts';
import { SessionClock, type SessionPolicy } from './session-clock.ts';
import { contractDates, parseContractSymbol, type ProductSpec } from '../core/contracts/index.ts';
import { defaultDataDir } from '../benchmark-data/data-dir.ts';
import { Exchange, type ExchangeSnapshot } from './exchange.ts';
import { buildHttpApp, type HttpLimits } from './http/app.ts';
import { DemoMarket, type DemoOptions } from './demo/demo-market.ts';
import { registerDemoRoutes } from './demo/demo-routes.ts';
import { demoSessionPolicy } from './demo/session-policy.ts';

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
  /** Run the live demo market (implies `clearing`; needs the product files, not `instruments`). */
  readonly demo?: DemoOptions;
  /**
   * With clearing on, when sessions run: `product` (default) follows each product's
   * session times and business days; `continuous` opens every contract round the clock
   * (the demo market). The session clock checks every `sessionTickMs` (default 1000).
   */
  readonly sessions?: SessionPolicy;
  readonly sessionTickMs?: number;
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
  /** The demo market, when started with `demo`. */
  readonly demo: DemoMarket | null;
  stop(): Promise<void>;
}

/** The clock that sends the session commands; its first tick runs at once, so a market in session opens at start. */
function startSessionClock(
  exchange: Exchange,
  products: readonly ProductSpec[],
  benchmarks: BenchmarkCache,
  clock: Clock,
  options: StartOptions,
): SessionClock {
  const finalPrices = finalSettlementPrices(products, benchmarks);
  const sessionClock = new SessionClock({
    exchange,
    clock,
    policy: options.sessions ?? 'product',
    products,
    contractDates: (product, symbol) => {
      const month = parseContractSymbol(symbol);
      return month === null ? null : contractDates(product, month);
    },
    finalSettlementTicks: finalPrices,
    intervalMs: options.sessionTickMs ?? 1000,
    log: options.log,
  });
  void sessionClock.tick();
  sessionClock.start();
  return sessionClock;
}

export async function startExchange(options: StartOptions): Promise<RunningExchange> {
  if (options.demo !== undefined && options.instruments !== undefined) {
    throw new Error('demo: lists the product files, not fixed instruments');
  }
  mkdirSync(dirname(options.dbPath), { recursive: true });
  const clock = options.clock ?? systemClock;
  const clearing = options.clearing === true || options.demo !== undefined;
  const dataDir = options.dataDir ?? defaultDataDir;
  // One cache of the benchmark series for the clearing set-up, the session clock and the HTTP routes.
  const benchmarks = new BenchmarkCache(dataDir);
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
  let keys: KeyStore | null = null;
  let demo: DemoMarket | null = null;
  try {
    if (clearing) await setUpClearing(exchange, products, benchmarks, options.log);
    keys = openKeyStore(options.dbPath);
    if (options.demo !== undefined) {
      demo = await DemoMarket.prepare({ exchange, keys, products, dbPath: options.dbPath, clock, log: options.log, options: options.demo });
    }
  } catch (error) {
    await exchange.close();
    keys?.close();
    throw error;
  }
  const app = await buildHttpApp({
    exchange,
    keys,
    clock,
    log: options.log,
    products,
    dataDir,
    benchmarks,
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  if (demo !== null) registerDemoRoutes(app, demo.credentials);
  const address = await app.listen({ port: options.port, host: options.host });
  const roll = new ListingRoll({
    products,
    clock,
    isListed: (symbol) => exchange.units(symbol) !== undefined,
    list: async (spec) => {
      await exchange.submit({ type: 'ListInstrument', spec });
      // A new month joins the market rules and clearing like the ones listed at start.
      if (clearing) await setUpClearing(exchange, products, benchmarks, options.log);
    },
    log: options.log,
  });
  // The demo trades round the clock: its session policy replaces the products' hours.
  const sessions = options.sessions ?? (options.demo !== undefined ? demoSessionPolicy : 'product');
  const sessionClock = clearing ? startSessionClock(exchange, products, benchmarks, clock, { ...options, sessions }) : null;
  await demo?.start();
  const openKeys = keys;
  return {
    exchange,
    url: address,
    demo,
    stop: async () => {
      await demo?.stop();
      await sessionClock?.stop();
      roll.stop();
      await app.close();
      await exchange.close();
      openKeys.close();
    },
  };
}
