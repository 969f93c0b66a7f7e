/**
 * Order entry and order queries for one authenticated account, shared by REST and
 * WebSocket so that both give the same results for the same request.
 *
 * Rules:
 * - A key acts on its own account only: another account's order is reported exactly
 *   like a missing one (404 `unknown_order`).
 * - Idempotency: a submission whose (account, clientOrderId) the read model knows is
 *   answered from the read model and journals nothing; a retry that arrives while the
 *   first is still being sequenced waits for the first one's outcome.
 * - Checks the gateway can make without the engine (unknown instrument, off-tick
 *   price, off-lot quantity, an order that is no longer working) answer before a
 *   command exists: nothing is journaled. Engine rejections are journaled like every
 *   command and answered 422 with the rejection.
 * - A stopped sequencer answers 503.
 */
import type { EngineCommand, EngineEvent } from '../../core/engine/index.ts';
import { InFlightMap, rejectCode, type RejectName } from '../../core/kernel/index.ts';
import type { Exchange } from '../exchange.ts';
import type { OrderRecord } from '../read-model.ts';
import { SequencerFailedError, type Applied, type AppliedReceiver } from '../sequencer.ts';
import { toReplaceOrder, toSubmitOrder, type WireRejection } from '../wire.ts';
import { gatewayError, rejectionError, unknownOrder, ApiError } from './api-errors.ts';
import type { OrderRequest, ReplaceRequest, WireFill, WireOrder } from './schemas.ts';
import { wireFill, wireOrder } from './wire-views.ts';

export interface Principal {
  readonly account: string;
}

export interface SubmitResult {
  /** The submission's accepted order as the read model holds it (a rejected one is thrown as a 422 carrying it). */
  readonly record: OrderRecord;
  /** True when answered from the read model (a retry). */
  readonly replayed: boolean;
}

/** Who learns a submission's outcome (`OrderGateway.submitTo`): exactly one call; must not throw. */
export interface SubmitReceiver {
  submitted(result: SubmitResult): void;
  /** An ApiError (4xx, 422 with the rejected order, 503), or an unexpected error. */
  failed(error: unknown): void;
}

/** What a submission needs: its answer from the read model (a retry), or its command. */
type Prepared =
  { readonly replay: SubmitResult; readonly command?: undefined } | { readonly replay?: undefined; readonly command: EngineCommand };

export class OrderGateway {
  private readonly exchange: Exchange;
  /**
   * Submissions being sequenced, by account and client order id (nested: a lookup builds no
   * key string). An `InFlightMap`, not a `Map`: one entry comes and goes per order, and a
   * churning Map keeps every order's submission and answer alive into the old generation.
   */
  private readonly inFlight = new Map<string, InFlightMap<string, Submission>>();

  constructor(exchange: Exchange) {
    this.exchange = exchange;
  }

  submit(principal: Principal, request: OrderRequest): Promise<SubmitResult> {
    return new Promise((resolve, reject) => this.submitTo(principal, request, { submitted: resolve, failed: reject }));
  }

  /**
   * `submit` answering `receiver` instead of a promise: the WebSocket's order path, which
   * runs for every order and allocates no promise. A retry of a submission still being
   * sequenced waits for the first one's outcome and is then answered from the read model.
   */
  submitTo(principal: Principal, request: OrderRequest, receiver: SubmitReceiver): void {
    const { account } = principal;
    const { clientOrderId } = request;
    let inFlight = this.inFlight.get(account);
    const first = inFlight?.get(clientOrderId);
    if (first !== undefined) {
      first.onSettled(() => this.submitTo(principal, request, receiver));
      return;
    }
    let prepared: Prepared;
    try {
      prepared = this.prepare(account, request);
    } catch (error) {
      receiver.failed(error);
      return;
    }
    if (prepared.replay !== undefined) {
      receiver.submitted(prepared.replay);
      return;
    }
    if (inFlight === undefined) {
      inFlight = new InFlightMap();
      this.inFlight.set(account, inFlight);
    }
    const submission = new Submission(this, account, clientOrderId, inFlight, receiver);
    inFlight.set(clientOrderId, submission);
    this.exchange.enqueue(prepared.command, submission);
  }

  /**
   * A known submission's answer from the read model (a retry), or the command of a new one.
   * Throws what the gateway checks without the engine: unknown instrument, off-tick price,
   * off-lot quantity (nothing is journaled), and 503 when the sequencer stopped.
   */
  private prepare(account: string, request: OrderRequest): Prepared {
    const known = this.exchange.readModel.orderByClientId(account, request.clientOrderId);
    if (known !== undefined) return { replay: { record: this.accepted(known), replayed: true } };
    const units = this.exchange.units(request.symbol);
    if (units === undefined) throw rejectionError(wireRejectionOf('unknown_instrument', `symbol: no instrument ${request.symbol}`));
    const command = toSubmitOrder(request, account, units);
    if (!command.ok) throw wireError(command.rejection);
    if (this.exchange.failed) throw unavailable();
    return { command: command.value };
  }

  /** The submission's own record (the first order its command touched; the lookup is the fallback), as a submit answer. */
  answerOf(applied: Applied, account: string, clientOrderId: string): SubmitResult {
    const first = applied.changes.orders[0];
    const record =
      first !== undefined && first.account === account && first.clientOrderId === clientOrderId
        ? first
        : this.exchange.readModel.orderByClientId(account, clientOrderId);
    if (record === undefined) throw gatewayError('internal_error', 'clientOrderId: the order is missing from the read model');
    return { record: this.accepted(record), replayed: false };
  }

  async cancel(principal: Principal, orderId: number): Promise<WireOrder> {
    const record = this.working(principal, orderId);
    const applied = await this.send({ type: 'CancelOrder', symbol: record.symbol, account: principal.account, orderId });
    throwIfRejected(applied.events);
    return this.view(record);
  }

  async replace(principal: Principal, orderId: number, request: ReplaceRequest): Promise<WireOrder> {
    const record = this.working(principal, orderId);
    const units = this.exchange.units(record.symbol);
    if (units === undefined) throw unknownOrder(`orderId: no order ${orderId}`);
    const command = toReplaceOrder(request, { symbol: record.symbol, account: principal.account, orderId }, units);
    if (!command.ok) throw wireError(command.rejection);
    const applied = await this.send(command.value);
    throwIfRejected(applied.events);
    return this.view(record);
  }

  /** Cancels the account's working orders (of one symbol if given); returns the cancelled ones. */
  async massCancel(principal: Principal, symbol: string | undefined): Promise<WireOrder[]> {
    if (symbol !== undefined && this.exchange.units(symbol) === undefined) {
      throw rejectionError(wireRejectionOf('unknown_instrument', `symbol: no instrument ${symbol}`));
    }
    const applied = await this.send({ type: 'MassCancel', account: principal.account, ...(symbol !== undefined && { symbol }) });
    throwIfRejected(applied.events);
    return applied.changes.orders.filter((order) => order.account === principal.account).map((order) => this.view(order));
  }

  order(principal: Principal, orderId: number): WireOrder {
    return this.view(this.own(principal, orderId));
  }

  orderByClientId(principal: Principal, clientOrderId: string): WireOrder {
    const record = this.exchange.readModel.orderByClientId(principal.account, clientOrderId);
    if (record === undefined) throw unknownOrder(`clientOrderId: no order ${clientOrderId}`);
    return this.view(record);
  }

  /** Newest first. Filtering by symbol walks the account's orders (O(orders of the account)). */
  orders(principal: Principal, which: 'open' | 'all', symbol: string | undefined, limit: number): WireOrder[] {
    const readModel = this.exchange.readModel;
    const records =
      symbol === undefined
        ? readModel.orders(principal.account, which, limit)
        : readModel
            .orders(principal.account, which, Number.MAX_SAFE_INTEGER)
            .filter((record) => record.symbol === symbol)
            .slice(0, limit);
    return records.map((record) => this.view(record));
  }

  fills(principal: Principal, symbol: string | undefined, limit: number): WireFill[] {
    const readModel = this.exchange.readModel;
    const fills =
      symbol === undefined
        ? readModel.fills(principal.account, limit)
        : readModel
            .fills(principal.account, Number.MAX_SAFE_INTEGER)
            .filter((fill) => fill.symbol === symbol)
            .slice(0, limit);
    return fills.map((fill) => wireFill(fill, this.exchange.units(fill.symbol)));
  }

  view(record: OrderRecord): WireOrder {
    return wireOrder(record, this.exchange.units(record.symbol));
  }

  /** Sends a command to the sequencer; a stopped sequencer is 503. */
  async send(command: EngineCommand): Promise<Applied> {
    if (this.exchange.failed) throw unavailable();
    try {
      return await this.exchange.submit(command);
    } catch (error) {
      throw apiErrorOf(error);
    }
  }

  /** A stored order as a submit answer: a rejected one is a 422 carrying the order. */
  private accepted(record: OrderRecord): OrderRecord {
    if (record.rejection !== null) throw rejectionError(record.rejection, 422, { order: this.view(record) });
    return record;
  }

  private own(principal: Principal, orderId: number): OrderRecord {
    const record = this.exchange.readModel.order(orderId);
    if (record === undefined || record.account !== principal.account) throw unknownOrder(`orderId: no order ${orderId}`);
    return record;
  }

  private working(principal: Principal, orderId: number): OrderRecord {
    const record = this.own(principal, orderId);
    if (record.status !== 'new' && record.status !== 'partially_filled') {
      throw rejectionError(wireRejectionOf('unknown_order', `orderId: order ${orderId} is ${record.status}, not working`));
    }
    return record;
  }
}

/**
 * One submission being sequenced: the sequencer's receiver for its command, which answers
 * the submitter, leaves the in-flight map, and then lets retries of the same client order
 * id run again (they find the order in the read model).
 */
class Submission implements AppliedReceiver {
  private readonly gateway: OrderGateway;
  private readonly account: string;
  private readonly clientOrderId: string;
  private readonly inFlight: InFlightMap<string, Submission>;
  private readonly receiver: SubmitReceiver;
  private retries: (() => void)[] | null = null;

  constructor(
    gateway: OrderGateway,
    account: string,
    clientOrderId: string,
    inFlight: InFlightMap<string, Submission>,
    receiver: SubmitReceiver,
  ) {
    this.gateway = gateway;
    this.account = account;
    this.clientOrderId = clientOrderId;
    this.inFlight = inFlight;
    this.receiver = receiver;
  }

  /** Runs `retry` once this submission is answered. */
  onSettled(retry: () => void): void {
    (this.retries ??= []).push(retry);
  }

  applied(applied: Applied): void {
    this.inFlight.delete(this.clientOrderId);
    let result: SubmitResult;
    try {
      result = this.gateway.answerOf(applied, this.account, this.clientOrderId);
    } catch (error) {
      this.receiver.failed(error);
      this.runRetries();
      return;
    }
    this.receiver.submitted(result);
    this.runRetries();
  }

  failed(error: Error): void {
    this.inFlight.delete(this.clientOrderId);
    this.receiver.failed(apiErrorOf(error));
    this.runRetries();
  }

  private runRetries(): void {
    for (const retry of this.retries ?? []) retry();
  }
}

/** A stopped sequencer is 503; other errors as they are. */
function apiErrorOf(error: unknown): unknown {
  return error instanceof SequencerFailedError ? unavailable(error) : error;
}

/** 503: the sequencer stopped (its own error says why, when there is one). */
function unavailable(error?: SequencerFailedError): ApiError {
  return gatewayError(
    'unavailable',
    error === undefined ? 'exchange: the sequencer stopped; retry after the restart' : `exchange: ${error.message}`,
  );
}

function wireRejectionOf(reason: RejectName, message: string): WireRejection {
  return { code: rejectCode(reason), reason, message };
}

/** Wire rejections: a malformed field is 400, a rule of the instrument 422. */
function wireError(rejection: WireRejection): ApiError {
  const status = rejection.reason === 'field_invalid' || rejection.reason === 'field_missing' ? 400 : 422;
  return rejectionError(rejection, status);
}

function throwIfRejected(events: readonly EngineEvent[]): void {
  const first = events[0];
  if (first?.type === 'OrderRejected') throw rejectionError({ code: first.code, reason: first.name, message: first.reason });
}
