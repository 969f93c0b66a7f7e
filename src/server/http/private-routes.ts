/**
 * Private REST routes: order entry, cancel, replace, mass cancel, the dead-man's switch,
 * order and fill queries of the signed key's own account, and the operator routes.
 *
 * Every route here is signed (config `auth`); the handlers see `request.principal`.
 * The trading logic is OrderGateway's, shared with the WebSocket.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/authenticator.ts';
import { fieldError, gatewayError } from '../api/api-errors.ts';
import {
  AdminMassCancelRequest,
  AdminStatusResponse,
  CancelAllAfterRequest,
  CancelAllAfterResponse,
  ClientOrderIdParams,
  ErrorBody,
  FillsQuery,
  FillsResponse,
  MassCancelQuery,
  Order,
  OrderIdParams,
  OrderRejectedBody,
  OrderRequest,
  OrdersQuery,
  OrdersResponse,
  ReplaceRequest,
  privateErrors,
} from '../api/schemas.ts';
import type { ApiContext, TypedApp } from './app.ts';

export const ordersLimitDefault = 100;
export const fillsLimitDefault = 100;

const security = [{ key: [], timestamp: [], signature: [] }];
const trader = { auth: 'trader' } as const;
const operator = { auth: 'operator' } as const;

function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) throw gatewayError('auth_missing', 'tokex-key: missing');
  return principal;
}

export function registerPrivateRoutes(app: TypedApp, ctx: ApiContext): void {
  const { gateway } = ctx;
  const tags = ['trading'];

  app.post(
    '/v1/orders',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: 'Submit an order (idempotent on clientOrderId)',
        description: 'A retry with a known clientOrderId returns the stored order and journals nothing.',
        body: OrderRequest,
        response: { 200: Order, 201: Order, 404: ErrorBody, 422: OrderRejectedBody, ...privateErrors },
      },
    },
    async (request, reply) => {
      const result = await gateway.submit(principalOf(request), request.body);
      if (result.replayed) void reply.header('tokex-idempotent-replay', 'true');
      return reply.code(201).send(gateway.view(result.record));
    },
  );

  app.get(
    '/v1/orders',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: 'Orders of the account, newest first',
        querystring: OrdersQuery,
        response: { 200: OrdersResponse, ...privateErrors },
      },
    },
    (request) => ({
      orders: gateway.orders(
        principalOf(request),
        request.query.status ?? 'open',
        request.query.symbol,
        request.query.limit ?? ordersLimitDefault,
      ),
    }),
  );

  app.get(
    '/v1/orders/by-client-id/:clientOrderId',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: 'One order by client order id',
        params: ClientOrderIdParams,
        response: { 200: Order, 404: ErrorBody, ...privateErrors },
      },
    },
    (request) => gateway.orderByClientId(principalOf(request), request.params.clientOrderId),
  );

  app.get(
    '/v1/orders/:orderId',
    {
      config: trader,
      schema: { tags, security, summary: 'One order', params: OrderIdParams, response: { 200: Order, 404: ErrorBody, ...privateErrors } },
    },
    (request) => gateway.order(principalOf(request), request.params.orderId),
  );

  app.delete(
    '/v1/orders/:orderId',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: 'Cancel an order',
        params: OrderIdParams,
        response: { 200: Order, 404: ErrorBody, 422: ErrorBody, ...privateErrors },
      },
    },
    (request) => gateway.cancel(principalOf(request), request.params.orderId),
  );

  app.delete(
    '/v1/orders',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: "Mass cancel the account's working orders (of one symbol if given)",
        querystring: MassCancelQuery,
        response: { 200: OrdersResponse, 422: ErrorBody, ...privateErrors },
      },
    },
    async (request) => ({ orders: await gateway.massCancel(principalOf(request), request.query.symbol) }),
  );

  app.patch(
    '/v1/orders/:orderId',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: 'Cancel/replace: new total quantity, price, stop price or client order id',
        params: OrderIdParams,
        body: ReplaceRequest,
        response: { 200: Order, 404: ErrorBody, 422: ErrorBody, ...privateErrors },
      },
    },
    (request) => gateway.replace(principalOf(request), request.params.orderId, request.body),
  );

  app.post(
    '/v1/cancel-all-after',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: "Dead-man's switch: cancel all of the account's orders unless armed again within timeoutMs (0 disarms)",
        body: CancelAllAfterRequest,
        response: { 200: CancelAllAfterResponse, ...privateErrors },
      },
    },
    (request) => {
      const { timeoutMs } = request.body;
      return { timeoutMs, triggerAtMs: ctx.deadMan.arm(principalOf(request).account, timeoutMs) };
    },
  );

  app.get(
    '/v1/fills',
    {
      config: trader,
      schema: {
        tags,
        security,
        summary: 'Fills of the account, newest first',
        querystring: FillsQuery,
        response: { 200: FillsResponse, ...privateErrors },
      },
    },
    (request) => ({ fills: gateway.fills(principalOf(request), request.query.symbol, request.query.limit ?? fillsLimitDefault) }),
  );

  // ---- operator ----------------------------------------------------------------------

  app.get(
    '/v1/admin/status',
    {
      config: operator,
      schema: {
        tags: ['operator'],
        security,
        summary: 'Sequence number, state hash and health of the exchange',
        response: { 200: AdminStatusResponse, ...privateErrors },
      },
    },
    () => ({
      seq: ctx.exchange.engine.lastSeq,
      stateHash: ctx.exchange.stateHash(),
      failed: ctx.exchange.failed,
      tsMs: ctx.exchange.engine.lastTsMs,
    }),
  );

  app.post(
    '/v1/admin/mass-cancel',
    {
      config: operator,
      schema: {
        tags: ['operator'],
        security,
        summary: 'Mass cancel across accounts by account, symbol and side',
        body: AdminMassCancelRequest,
        response: { 200: OrdersResponse, 422: ErrorBody, ...privateErrors },
      },
    },
    async (request) => {
      const { account, symbol, side } = request.body;
      if (account === undefined && symbol === undefined) throw fieldError('field_missing', 'account: account or symbol is required');
      const applied = await gateway.send({
        type: 'MassCancel',
        ...(account !== undefined && { account }),
        ...(symbol !== undefined && { symbol }),
        ...(side !== undefined && { side }),
      });
      return { orders: applied.changes.orders.map((order) => gateway.view(order)) };
    },
  );
}
