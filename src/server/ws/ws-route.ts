/**
 * The `/v1/ws` endpoint: parses and checks each client message with the schemas of
 * messages.ts, then subscribes, logs in, or enters orders through the same
 * OrderGateway as REST, answering with REST's status and body.
 *
 * Login signs `String(timestamp) + 'GET' + '/v1/ws/login'` with the key's secret (same
 * checks as REST, replays included). Private channels and order entry need a login.
 * Rate limits: messages count against the key after login, against the connection
 * before it. Messages of one connection are handled in arrival order; answers to
 * order entry may overtake each other (each waits for its own journal write).
 */
import type { RawData, WebSocket } from 'ws';
import { rejectCode } from '../../core/kernel/index.ts';
import { wsLoginPath } from '../auth/authenticator.ts';
import { ApiError, fieldError, gatewayError } from '../api/api-errors.ts';
import type { SubmitReceiver, SubmitResult } from '../api/order-gateway.ts';
import { compileChecker, type Checked } from '../api/validation.ts';
import { wireOrderAck } from '../api/wire-views.ts';
import type { ApiContext, TypedApp } from '../http/app.ts';
import { clientMessageSchemas, clientMessageTypes, type ClientMessage, type ClientMessageType, type ServerMessage } from './messages.ts';
import { WsHub, parseChannel, type WsConnection, type WsOptions } from './ws-hub.ts';

export type { WsOptions } from './ws-hub.ts';

const checkers = Object.fromEntries(
  clientMessageTypes.map((type) => [type, compileChecker<ClientMessage>(clientMessageSchemas[type], { prefix: '', convert: false })]),
) as Record<ClientMessageType, (value: unknown) => Checked<ClientMessage>>;

export function registerWebSocket(app: TypedApp, ctx: ApiContext, options: WsOptions): WsHub {
  const hub = new WsHub(ctx, options);
  app.addHook('onClose', (_instance, done) => {
    hub.close();
    done();
  });
  app.get('/v1/ws', { websocket: true, schema: { hide: true } }, (socket: WebSocket) => {
    const conn = hub.attach(socket);
    const connectionKey = `ws-connection:${conn.id}`;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      conn.alive = true;
      handle(ctx, hub, conn, data, isBinary, connectionKey);
    });
  });
  return hub;
}

/**
 * Handles one message. Synchronous up to the order's trip through the sequencer, and
 * one promise per order from there: this runs for every order a socket sends.
 */
function handle(ctx: ApiContext, hub: WsHub, conn: WsConnection, data: RawData, isBinary: boolean, connectionKey: string): void {
  // Learnt as soon as the message is readable JSON, so an error answer can carry it.
  let id: number | undefined;
  try {
    const value = readJson(data, isBinary);
    id = requestIdOf(value);
    const message = check(value);
    const taken = ctx.rateLimiter.take(conn.principal?.apiKey ?? connectionKey);
    if (!taken.ok) throw gatewayError('rate_limited', `socket: over the rate limit; retry in ${taken.retryAfterMs} ms`);
    const pending = dispatch(ctx, hub, conn, message);
    if (pending !== undefined) pending.catch((error: unknown) => answerError(hub, conn, message.id, error));
  } catch (error) {
    answerError(hub, conn, id, error);
  }
}

function answerError(hub: WsHub, conn: WsConnection, id: number | undefined, error: unknown): void {
  const apiError = error instanceof ApiError ? error : gatewayError('internal_error', 'server: internal error');
  const reply: ServerMessage<'error'> = {
    type: 'error',
    ...(id !== undefined && { id }),
    status: apiError.status,
    ...apiError.body,
    ...(apiError.extra['order'] !== undefined && { order: apiError.extra['order'] as ServerMessage<'error'>['order'] & object }),
  };
  hub.send(conn, reply);
}

/** One message as a JSON object. */
function readJson(data: RawData, isBinary: boolean): object {
  if (isBinary)
    throw new ApiError(400, { code: rejectCode('malformed_command'), reason: 'malformed_command', message: 'message: must be JSON text' });
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, {
      code: rejectCode('malformed_command'),
      reason: 'malformed_command',
      message: `message: not valid JSON (${detail})`,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fieldError('field_invalid', 'message: must be an object');
  return value;
}

/** The message's request id, if it has a usable one (checked again with the rest by the schema). */
function requestIdOf(value: object): number | undefined {
  const { id } = value as { id?: unknown };
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** Checks a message against the schema of its type. */
function check(value: object): ClientMessage {
  const { type } = value as { type?: unknown };
  if (type === undefined) throw fieldError('field_missing', 'type: is required');
  if (typeof type !== 'string' || !Object.hasOwn(checkers, type)) {
    throw fieldError('field_invalid', `type: must be one of ${clientMessageTypes.join(', ')}`);
  }
  const checked = checkers[type as ClientMessageType](value);
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/** Answers at once, or returns the promise of a trading message's answer (a submit answers itself when applied). */
function dispatch(ctx: ApiContext, hub: WsHub, conn: WsConnection, message: ClientMessage): Promise<void> | undefined {
  if (message.type === 'submit') {
    submit(ctx, hub, conn, message);
    return;
  }
  const idPart = message.id !== undefined ? { id: message.id } : {};
  switch (message.type) {
    case 'ping':
      hub.send(conn, { type: 'pong', ...idPart, tsMs: Math.floor(ctx.clock.nowMs()) } satisfies ServerMessage<'pong'>);
      return;
    case 'login':
      login(ctx, conn, message);
      hub.send(conn, {
        type: 'loggedIn',
        ...idPart,
        account: conn.principal!.account,
        role: conn.principal!.role,
        cancelOnDisconnect: conn.cancelOnDisconnect,
      } satisfies ServerMessage<'loggedIn'>);
      return;
    case 'subscribe':
      checkChannels(ctx, conn, message.channels);
      // Answer first, so the snapshot follows the confirmation.
      hub.send(conn, { type: 'subscribed', ...idPart, channels: message.channels } satisfies ServerMessage<'subscribed'>);
      for (const channel of message.channels) hub.subscribe(conn, channel);
      return;
    case 'unsubscribe':
      for (const channel of message.channels) hub.unsubscribeFrom(conn, channel);
      hub.send(conn, { type: 'unsubscribed', ...idPart, channels: message.channels } satisfies ServerMessage<'unsubscribed'>);
      return;
    default:
      return trade(ctx, hub, conn, message);
  }
}

type SubmitMessage = Extract<ClientMessage, { type: 'submit' }>;

/** Order entry, the busiest message: answered when applied with the order as REST's 201 body, or its short ack; no promise. */
function submit(ctx: ApiContext, hub: WsHub, conn: WsConnection, message: SubmitMessage): void {
  const principal = conn.principal;
  if (principal === null) throw gatewayError('not_logged_in', 'socket: log in first');
  ctx.gateway.submitTo(principal, message.order, new SubmitAnswer(ctx, hub, conn, message));
}

/** Answers one submit message on its socket. */
class SubmitAnswer implements SubmitReceiver {
  private readonly ctx: ApiContext;
  private readonly hub: WsHub;
  private readonly conn: WsConnection;
  private readonly message: SubmitMessage;

  constructor(ctx: ApiContext, hub: WsHub, conn: WsConnection, message: SubmitMessage) {
    this.ctx = ctx;
    this.hub = hub;
    this.conn = conn;
    this.message = message;
  }

  submitted({ record }: SubmitResult): void {
    const { ctx, message } = this;
    try {
      const result = message.response === 'ack' ? wireOrderAck(record, ctx.exchange.units(record.symbol)) : ctx.gateway.view(record);
      this.hub.send(this.conn, { type: 'result', id: message.id, status: 201, result } satisfies ServerMessage<'result'>);
    } catch (error) {
      this.failed(error);
    }
  }

  failed(error: unknown): void {
    answerError(this.hub, this.conn, this.message.id, error);
  }
}

type TradeMessage = Extract<ClientMessage, { type: 'cancel' | 'cancelByClientId' | 'replace' | 'massCancel' | 'cancelAllAfter' }>;

async function trade(ctx: ApiContext, hub: WsHub, conn: WsConnection, message: TradeMessage): Promise<void> {
  const principal = conn.principal;
  if (principal === null) throw gatewayError('not_logged_in', 'socket: log in first');
  const { gateway } = ctx;
  let result: ServerMessage<'result'>['result'];
  switch (message.type) {
    case 'cancel':
      result = await gateway.cancel(principal, message.orderId);
      break;
    case 'cancelByClientId': {
      const order = gateway.orderByClientId(principal, message.clientOrderId);
      result = await gateway.cancel(principal, order.orderId ?? 0);
      break;
    }
    case 'replace':
      result = await gateway.replace(principal, message.orderId, message.changes);
      break;
    case 'massCancel':
      result = { orders: await gateway.massCancel(principal, message.symbol) };
      break;
    case 'cancelAllAfter':
      result = { timeoutMs: message.timeoutMs, triggerAtMs: ctx.deadMan.arm(principal.account, message.timeoutMs) };
      break;
  }
  hub.send(conn, { type: 'result', id: message.id, status: 200, result } satisfies ServerMessage<'result'>);
}

function login(ctx: ApiContext, conn: WsConnection, message: Extract<ClientMessage, { type: 'login' }>): void {
  if (conn.principal !== null) throw fieldError('field_invalid', 'type: this socket is already logged in');
  const verified = ctx.authenticator.verify({
    apiKey: message.key,
    timestamp: String(message.timestamp),
    signature: message.signature,
    method: 'GET',
    pathWithQuery: wsLoginPath,
    body: '',
  });
  if (!verified.ok) throw gatewayError(verified.reason, verified.message.replace(/^tokex-/, ''));
  conn.principal = verified.principal;
  conn.cancelOnDisconnect = message.cancelOnDisconnect ?? false;
}

function checkChannels(ctx: ApiContext, conn: WsConnection, channels: readonly string[]): void {
  for (const [index, channel] of channels.entries()) {
    const parsed = parseChannel(channel);
    if (parsed.symbol === null) {
      if (conn.principal === null) throw gatewayError('not_logged_in', `channels[${index}]: ${channel} needs a login`);
    } else if (ctx.exchange.units(parsed.symbol) === undefined) {
      throw new ApiError(404, {
        code: rejectCode('unknown_instrument'),
        reason: 'unknown_instrument',
        message: `channels[${index}]: no instrument ${parsed.symbol}`,
      });
    }
  }
}
