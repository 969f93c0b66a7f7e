/**
 * The HTTP gateway: a Fastify instance with the REST routes, the WebSocket endpoint
 * and the API documents, built around one `Exchange` (not listening; the caller calls
 * `listen` or uses `inject`).
 *
 * Request path: body read as text (at most `bodyLimitBytes`, JSON only) -> for private
 * routes, signature check over the raw text, role check, rate limit -> JSON parse ->
 * schema validation -> handler. So an unsigned request learns nothing about the
 * schema, and nothing reaches the sequencer before all of it passed.
 *
 * Errors all have the body `{code, reason, message}` (api-errors.ts): 400 schema or
 * JSON, 401 signature, 403 role, 404 unknown order or route, 413 body too large, 415
 * not JSON, 422 business rejection, 429 rate limit (with Retry-After), 503 sequencer
 * stopped, 500 anything else (logged).
 */
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { TSchema } from 'typebox';
import type { ProductSpec } from '../../core/contracts/index.ts';
import { Authenticator, authLimits, type Principal } from '../auth/authenticator.ts';
import type { KeyStore, Role } from '../auth/key-store.ts';
import type { Clock } from '../clock.ts';
import { DeadManSwitch } from '../dead-man-switch.ts';
import type { Exchange } from '../exchange.ts';
import { RateLimiter, type RateLimitOptions } from '../rate-limit.ts';
import { ApiError, gatewayError } from '../api/api-errors.ts';
import { OrderGateway } from '../api/order-gateway.ts';
import { compileChecker } from '../api/validation.ts';
import { registerPrivateRoutes } from './private-routes.ts';
import { registerClearingRoutes } from './clearing-routes.ts';
import { registerPublicRoutes } from './public-routes.ts';
import { registerContractRoutes } from './contract-routes.ts';
import { registerHedgeRoutes } from './hedge-routes.ts';
import { registerBenchmarkRoutes } from './benchmark-routes.ts';
import { registerStaticUi } from './static-ui.ts';
import { BenchmarkCache } from '../../hedging-data/index.ts';
import { registerWebSocket, type WsOptions } from '../ws/ws-route.ts';
import { asyncApiDocument } from '../ws/asyncapi.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The role a private route needs; absent for public routes. */
    auth?: Role;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface HttpLimits {
  /** Largest request body (default 64 KiB). */
  readonly bodyLimitBytes?: number;
  /** Requests (REST) and messages (WebSocket) per key. */
  readonly rateLimit?: RateLimitOptions;
  /** How far a signed timestamp may be from the server clock (default 30 s). */
  readonly authWindowMs?: number;
}

export interface HttpAppDeps {
  readonly exchange: Exchange;
  readonly keys: KeyStore;
  readonly clock: Clock;
  readonly limits?: HttpLimits;
  readonly ws?: WsOptions;
  /** The loaded product specifications, for instrument specifications and the calendar (default none). */
  readonly products?: readonly ProductSpec[];
  /** The benchmark data folder for hedge plans (default none: `POST /v1/hedge/plan` answers 503). */
  readonly dataDir?: string;
  /** The server's benchmark cache over `dataDir`, when the caller already has one (shared with the clearing set-up). */
  readonly benchmarks?: BenchmarkCache;
  /** Fastify's logger option (default off). */
  readonly logger?: boolean;
  readonly log?: (line: string) => void;
}

/** What the route modules share. */
export interface ApiContext {
  readonly exchange: Exchange;
  readonly clock: Clock;
  readonly gateway: OrderGateway;
  readonly deadMan: DeadManSwitch;
  readonly authenticator: Authenticator;
  readonly rateLimiter: RateLimiter;
  /** The loaded product specifications (empty without product files). */
  readonly products: readonly ProductSpec[];
}

export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const defaultRateLimit: RateLimitOptions = { ratePerSec: 50, burst: 100 };
export const bodyLimitBytesDefault = 64 * 1024;

export async function buildHttpApp(deps: HttpAppDeps): Promise<TypedApp> {
  const bodyLimit = deps.limits?.bodyLimitBytes ?? bodyLimitBytesDefault;
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit }).withTypeProvider<TypeBoxTypeProvider>() as TypedApp;
  const ctx: ApiContext = {
    exchange: deps.exchange,
    clock: deps.clock,
    gateway: new OrderGateway(deps.exchange),
    deadMan: new DeadManSwitch({
      submit: (command) => deps.exchange.submit(command),
      clock: deps.clock,
      ...(deps.log !== undefined && { log: deps.log }),
    }),
    authenticator: new Authenticator(deps.keys, deps.clock, deps.limits?.authWindowMs ?? authLimits.windowMs),
    rateLimiter: new RateLimiter(deps.clock, deps.limits?.rateLimit ?? defaultRateLimit),
    products: deps.products ?? [],
  };

  app.setValidatorCompiler<TSchema>(({ schema, httpPart }) => {
    const prefix = httpPart === 'querystring' ? 'query' : httpPart === 'params' ? 'params' : httpPart === 'headers' ? 'headers' : '';
    const check = compileChecker(schema, { prefix, convert: httpPart !== 'body' });
    return (value: unknown) => {
      const checked = check(value);
      return checked.ok ? { value: checked.value } : { error: checked.error };
    };
  });
  // Bodies stay text until the signature over them is checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('preValidation', (request, _reply, done) => {
    try {
      const role = request.routeOptions.config.auth;
      if (role !== undefined) authenticate(ctx, request, role);
      request.body = parseJsonBody(request.body);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  app.setErrorHandler((error, request, reply) => sendError(app, error, request, reply, deps.log));
  app.setNotFoundHandler((request, reply) => {
    const error = gatewayError('route_not_found', `path: no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    void reply.code(error.status).send(error.toJSON());
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'tokex REST API', version: '1.0.0', description: apiDescription },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          key: { type: 'apiKey', in: 'header', name: 'tokex-key' },
          timestamp: { type: 'apiKey', in: 'header', name: 'tokex-timestamp' },
          signature: { type: 'apiKey', in: 'header', name: 'tokex-signature' },
        },
      },
    },
  });
  await app.register(websocket, { options: { maxPayload: bodyLimit } });

  registerPublicRoutes(app, ctx);
  registerContractRoutes(app, ctx);
  registerPrivateRoutes(app, ctx);
  registerClearingRoutes(app, ctx);
  const benchmarkCache = deps.benchmarks ?? (deps.dataDir === undefined ? null : new BenchmarkCache(deps.dataDir));
  registerHedgeRoutes(app, ctx, benchmarkCache);
  registerBenchmarkRoutes(app, ctx, benchmarkCache);
  registerWebSocket(app, ctx, deps.ws ?? {});
  app.get('/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.get('/v1/asyncapi.json', { schema: { hide: true } }, () => asyncApiDocument());
  registerStaticUi(app);
  app.addHook('onClose', (_instance, done) => {
    ctx.deadMan.close();
    done();
  });
  return app;
}

const apiDescription = [
  'Futures on AI tokens and GPU compute. Decimals are strings (exact multiples of the tick or lot), ids numbers,',
  'instants Unix milliseconds. Private routes are signed: headers tokex-key, tokex-timestamp (Unix ms) and',
  'tokex-signature = lowercase hex HMAC-SHA256(secret, timestamp + METHOD + pathWithQuery + body).',
  'Errors: {code, reason, message}; message starts with the field it is about.',
].join(' ');

function authenticate(ctx: ApiContext, request: FastifyRequest, role: Role): void {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const result = ctx.authenticator.verify({
    apiKey: header('tokex-key'),
    timestamp: header('tokex-timestamp'),
    signature: header('tokex-signature'),
    method: request.method,
    pathWithQuery: request.url,
    body: typeof request.body === 'string' ? request.body : '',
  });
  if (!result.ok) throw gatewayError(result.reason, result.message);
  if (role === 'operator' && result.principal.role !== 'operator') {
    throw gatewayError('forbidden', `tokex-key: this route needs the operator role, the key has ${result.principal.role}`);
  }
  const taken = ctx.rateLimiter.take(result.principal.apiKey);
  if (!taken.ok) {
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1_000));
    throw gatewayError('rate_limited', `tokex-key: over the rate limit; retry in ${taken.retryAfterMs} ms`, {
      'retry-after': String(seconds),
    });
  }
  request.principal = result.principal;
}

function parseJsonBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, { code: 1001, reason: 'malformed_command', message: `body: not valid JSON (${detail})` });
  }
}

interface FastifyErrorLike {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message: string;
}

function sendError(
  app: TypedApp,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  log: ((line: string) => void) | undefined,
): void {
  const apiError = toApiError(error, request);
  if (apiError.status >= 500 && apiError.status !== 503) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log?.(`${request.method} ${request.url} failed: ${detail}`);
    app.log.error(error);
  }
  void reply.code(apiError.status).headers(apiError.headers).send(apiError.toJSON());
}

function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as FastifyErrorLike;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return gatewayError('body_too_large', `body: over the limit of ${request.routeOptions.bodyLimit ?? bodyLimitBytesDefault} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return gatewayError('media_type_unsupported', 'content-type: must be application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, { code: 1001, reason: 'malformed_command', message: `body: ${fastifyError.message}` });
    default:
      break;
  }
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError(fastifyError.statusCode, { code: 1001, reason: 'malformed_command', message: `request: ${fastifyError.message}` });
  }
  return gatewayError('internal_error', 'server: internal error');
}
