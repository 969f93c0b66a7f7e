/**
 * TokexClient: the REST API over `fetch`, one method per route, private calls signed.
 *
 * Runs wherever `fetch` and `crypto.subtle` exist (Node 20+, browsers). Every call
 * resolves with the decoded body of a 2xx answer or rejects with TokexApiError; a
 * rejected submission's error carries the stored order (`error.order`). Retrying
 * `submitOrder` with the same clientOrderId is safe: the server answers with the
 * first submission's order.
 */
import { TokexApiError } from './errors.ts';
import { signRequest } from './signing.ts';
import type {
  Account,
  Book,
  CancelAllAfter,
  ErrorBody,
  Fill,
  HedgePlan,
  HedgePlanRequest,
  Instrument,
  Margin,
  Order,
  OrderRequest,
  PositionLine,
  ReplaceRequest,
  Settlement,
  Statement,
  Trade,
} from './types.ts';
import type {
  BenchmarkFixing,
  BenchmarkHistory,
  BenchmarkListing,
  BenchmarkMethodology,
  Calendar,
  DemoCredentials,
  InstrumentDetail,
} from './reference-types.ts';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface TokexClientOptions {
  /** For example `http://127.0.0.1:8080` (no trailing slash needed). */
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchLike;
  /** Clock for the signature timestamp (Unix ms); defaults to Date.now. */
  readonly nowMs?: () => number;
}

type Query = Record<string, string | number | undefined>;

export class TokexClient {
  private readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly apiSecret: string | undefined;
  private readonly fetchFn: FetchLike;
  private readonly nowMs: () => number;

  constructor(options: TokexClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    // Called through a wrapper: browsers refuse `fetch` invoked with another `this` ("Illegal invocation").
    this.fetchFn = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.nowMs = options.nowMs ?? Date.now;
  }

  // ---- public -------------------------------------------------------------------------

  async time(): Promise<number> {
    return (await this.request<{ timeMs: number }>('GET', '/v1/time', {}, undefined, false)).timeMs;
  }

  async instruments(): Promise<Instrument[]> {
    return (await this.request<{ instruments: Instrument[] }>('GET', '/v1/instruments', {}, undefined, false)).instruments;
  }

  book(symbol: string, depth?: number): Promise<Book> {
    return this.request<Book>('GET', `/v1/book/${encodeURIComponent(symbol)}`, { depth }, undefined, false);
  }

  async trades(symbol: string, limit?: number): Promise<Trade[]> {
    return (await this.request<{ trades: Trade[] }>('GET', `/v1/trades/${encodeURIComponent(symbol)}`, { limit }, undefined, false)).trades;
  }

  /** One instrument's full specification, contract dates, today's session and live state. */
  instrument(symbol: string): Promise<InstrumentDetail> {
    return this.request<InstrumentDetail>('GET', `/v1/instruments/${encodeURIComponent(symbol)}`, {}, undefined, false);
  }

  /** Listings, last trading days and final settlements dated from `from` to `to` (YYYY-MM-DD). */
  calendar(range: { from: string; to: string; root?: string }): Promise<Calendar> {
    return this.request<Calendar>('GET', '/v1/calendar', { ...range }, undefined, false);
  }

  // ---- benchmarks ---------------------------------------------------------------------

  async benchmarks(): Promise<BenchmarkListing[]> {
    return (await this.request<{ benchmarks: BenchmarkListing[] }>('GET', '/v1/benchmarks', {}, undefined, false)).benchmarks;
  }

  /** A benchmark's daily values from `from` to `to` (default: the whole series). */
  benchmarkHistory(id: string, range: { from?: string; to?: string } = {}): Promise<BenchmarkHistory> {
    return this.request<BenchmarkHistory>('GET', `/v1/benchmarks/${encodeURIComponent(id)}/history`, { ...range }, undefined, false);
  }

  /** One fixing with inputs, weights and exclusions (default: the latest with a value). */
  benchmarkFixing(id: string, date?: string): Promise<BenchmarkFixing> {
    return this.request<BenchmarkFixing>('GET', `/v1/benchmarks/${encodeURIComponent(id)}/fixing`, { date }, undefined, false);
  }

  benchmarkMethodology(id: string): Promise<BenchmarkMethodology> {
    return this.request<BenchmarkMethodology>('GET', `/v1/benchmarks/${encodeURIComponent(id)}/methodology`, {}, undefined, false);
  }

  /** The demo market's account and key; rejects with a 404 TokexApiError when the server runs no demo market. */
  demoCredentials(): Promise<DemoCredentials> {
    return this.request<DemoCredentials>('GET', '/v1/demo/credentials', {}, undefined, false);
  }

  // ---- private ------------------------------------------------------------------------

  submitOrder(order: OrderRequest): Promise<Order> {
    return this.request<Order>('POST', '/v1/orders', {}, order, true);
  }

  async orders(options: { status?: 'open' | 'all'; symbol?: string; limit?: number } = {}): Promise<Order[]> {
    return (await this.request<{ orders: Order[] }>('GET', '/v1/orders', { ...options }, undefined, true)).orders;
  }

  order(orderId: number): Promise<Order> {
    return this.request<Order>('GET', `/v1/orders/${orderId}`, {}, undefined, true);
  }

  orderByClientId(clientOrderId: string): Promise<Order> {
    return this.request<Order>('GET', `/v1/orders/by-client-id/${encodeURIComponent(clientOrderId)}`, {}, undefined, true);
  }

  cancelOrder(orderId: number): Promise<Order> {
    return this.request<Order>('DELETE', `/v1/orders/${orderId}`, {}, undefined, true);
  }

  /** Cancels the account's working orders (of one symbol if given); resolves with the cancelled orders. */
  async massCancel(options: { symbol?: string } = {}): Promise<Order[]> {
    return (await this.request<{ orders: Order[] }>('DELETE', '/v1/orders', { symbol: options.symbol }, undefined, true)).orders;
  }

  replaceOrder(orderId: number, changes: ReplaceRequest): Promise<Order> {
    return this.request<Order>('PATCH', `/v1/orders/${orderId}`, {}, changes, true);
  }

  /** Dead-man's switch: cancel everything unless called again within `timeoutMs`; 0 disarms. */
  cancelAllAfter(timeoutMs: number): Promise<CancelAllAfter> {
    return this.request<CancelAllAfter>('POST', '/v1/cancel-all-after', {}, { timeoutMs }, true);
  }

  async fills(options: { symbol?: string; limit?: number } = {}): Promise<Fill[]> {
    return (await this.request<{ fills: Fill[] }>('GET', '/v1/fills', { ...options }, undefined, true)).fills;
  }

  // ---- clearing -----------------------------------------------------------------------

  /** Collateral, equity and margin per currency, and any open margin call. */
  account(): Promise<Account> {
    return this.request<Account>('GET', '/v1/account', {}, undefined, true);
  }

  async positions(): Promise<PositionLine[]> {
    return (await this.request<{ positions: PositionLine[] }>('GET', '/v1/positions', {}, undefined, true)).positions;
  }

  /** Per currency the requirement, equity and excess; per product the SPAN margin lines. */
  margin(): Promise<Margin> {
    return this.request<Margin>('GET', '/v1/margin', {}, undefined, true);
  }

  /** Variation margin posted to the account by each settlement cycle, newest first. */
  async settlements(options: { limit?: number } = {}): Promise<Settlement[]> {
    return (await this.request<{ settlements: Settlement[] }>('GET', '/v1/settlements', { ...options }, undefined, true)).settlements;
  }

  /** The statement of a date's end-of-day cycle (`YYYY-MM-DD`). */
  statement(date: string): Promise<Statement> {
    return this.request<Statement>('GET', `/v1/statements/${encodeURIComponent(date)}`, {}, undefined, true);
  }

  /** The same statement as CSV (amounts in minor units, prices in ticks). */
  statementCsv(date: string): Promise<string> {
    return this.requestText('GET', `/v1/statements/${encodeURIComponent(date)}`, { format: 'csv' }, undefined, true);
  }

  // ---- hedging ------------------------------------------------------------------------

  /** A hedge plan for an exposure (`POST /v1/hedge/plan`); `backtest` and `orders` add those parts. */
  hedgePlan(request: HedgePlanRequest): Promise<HedgePlan> {
    return this.request<HedgePlan>('POST', '/v1/hedge/plan', {}, request, true);
  }

  // ---- operator -----------------------------------------------------------------------

  adminStatus(): Promise<{ seq: number; stateHash: string; failed: boolean; tsMs: number }> {
    return this.request('GET', '/v1/admin/status', {}, undefined, true);
  }

  async adminMassCancel(filters: { account?: string; symbol?: string; side?: 'buy' | 'sell' }): Promise<Order[]> {
    return (await this.request<{ orders: Order[] }>('POST', '/v1/admin/mass-cancel', {}, filters, true)).orders;
  }

  // ---- transport ----------------------------------------------------------------------

  private async request<T>(method: string, path: string, query: Query, body: unknown, signed: boolean): Promise<T> {
    const answer = await this.requestText(method, path, query, body, signed);
    return (answer.length > 0 ? JSON.parse(answer) : {}) as T;
  }

  /** The body of a 2xx answer as text; any other answer rejects with TokexApiError. */
  private async requestText(method: string, path: string, query: Query, body: unknown, signed: boolean): Promise<string> {
    const search = Object.entries(query)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
      .join('&');
    const pathWithQuery = search.length > 0 ? `${path}?${search}` : path;
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (text.length > 0) headers['content-type'] = 'application/json';
    if (signed) {
      if (this.apiKey === undefined || this.apiSecret === undefined) throw new Error('this call needs apiKey and apiSecret');
      const timestamp = String(Math.floor(this.nowMs()));
      headers['tokex-key'] = this.apiKey;
      headers['tokex-timestamp'] = timestamp;
      headers['tokex-signature'] = await signRequest(this.apiSecret, timestamp, method, pathWithQuery, text);
    }
    const response = await this.fetchFn(`${this.baseUrl}${pathWithQuery}`, { method, headers, ...(text.length > 0 && { body: text }) });
    const answer = await response.text();
    if (response.status >= 200 && response.status < 300) return answer;
    const decoded = answer.length > 0 ? (JSON.parse(answer) as unknown) : {};
    const retryAfter = response.headers.get('retry-after');
    throw new TokexApiError(response.status, decoded as ErrorBody, retryAfter === null ? undefined : Number(retryAfter));
  }
}
