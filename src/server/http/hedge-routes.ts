/**
 * `POST /v1/hedge/plan` (signed, trader): a hedge plan for the exposure in the body, the
 * same JSON as `tokex hedge plan --json`, with the walk-forward backtest (`backtest:
 * true`) and the orders for `POST /v1/orders` (`orders: true`) when asked. Reads only;
 * nothing reaches the sequencer.
 *
 * Inputs come through src/hedging-data, as for the CLI: the product from the loaded
 * product files, the benchmark fixings from the server's `BenchmarkCache` (data/ loaded
 * and each benchmark's series computed once, on first use), the own price inline or
 * derived from data/. Schema failures are 400; the hedging rejections (1201-1204) are
 * 422, the message naming the body field; without a data folder the route answers 503.
 */
import {
  backtestHedge,
  buildPlan,
  exposureFromJson,
  hedgeOrders,
  rejectCodeOf,
  type InputProblem,
  type OwnPriceSeries,
} from '../../core/hedging/index.ts';
import {
  BenchmarkCache,
  HedgeInputError,
  hedgeProduct,
  ownPriceFromRows,
  ownPriceFromSource,
  unwrapParsed,
} from '../../hedging-data/index.ts';
import { gatewayError, rejectionError, type ApiError } from '../api/api-errors.ts';
import { HedgePlanRequest, HedgePlanResponse } from '../api/hedge-schemas.ts';
import { ErrorBody, privateErrors } from '../api/schemas.ts';
import type { ApiContext, TypedApp } from './app.ts';

const security = [{ key: [], timestamp: [], signature: [] }];
/** Bodies may carry years of daily own prices. */
export const hedgeBodyLimitBytes = 1024 * 1024;
const bodyFile = 'body';

/** The body field a problem is about (CSV lines of `ownPrices` become its indices). */
function fieldOf(problem: InputProblem, ownField: string): string {
  if (problem.field === '(history)') return ownField;
  if (problem.file !== bodyFile || problem.code !== 'price_history_invalid') return problem.field;
  if (problem.line >= 2 && (problem.field === 'date' || problem.field === 'price'))
    return `ownPrices[${problem.line - 2}].${problem.field}`;
  if (problem.line >= 2) return `ownPrices[${problem.line - 2}]`;
  return problem.field.startsWith('(') ? 'ownPrices' : problem.field;
}

function rejection(problems: readonly InputProblem[], ownField: string): ApiError {
  const first = problems[0];
  const code = first?.code ?? 'exposure_invalid';
  return rejectionError({
    code: rejectCodeOf(code),
    reason: code,
    message: problems.map((p) => `${fieldOf(p, ownField)}: ${p.reason}`).join('; '),
  });
}

export function registerHedgeRoutes(app: TypedApp, ctx: ApiContext, cache: BenchmarkCache | null): void {
  app.post(
    '/v1/hedge/plan',
    {
      config: { auth: 'trader' },
      bodyLimit: hedgeBodyLimitBytes,
      schema: {
        tags: ['hedging'],
        security,
        summary:
          'A hedge plan for an exposure: basis, hedge ratio, contracts per month, scenarios, effectiveness; optionally backtest and orders',
        body: HedgePlanRequest,
        response: { 200: HedgePlanResponse, 422: ErrorBody, ...privateErrors },
      },
    },
    (request) => plan(ctx, cache, request.body),
  );
}

function plan(ctx: ApiContext, cache: BenchmarkCache | null, body: HedgePlanRequest): HedgePlanResponse {
  const { ownPrices, backtest, orders, ...exposureJson } = body;
  const ownField = ownPrices === undefined ? 'ownPrice' : 'ownPrices';
  try {
    const exposure = unwrapParsed(exposureFromJson(bodyFile, exposureJson));
    const { product, methodology } = hedgeProduct(exposure, ctx.products);
    if (cache === null) throw gatewayError('unavailable', 'hedging: this server has no benchmark data folder');
    let own: OwnPriceSeries;
    if (ownPrices !== undefined && exposure.ownPrice !== null) {
      throw rejectionError({
        code: rejectCodeOf('price_history_invalid'),
        reason: 'price_history_invalid',
        message: 'ownPrices: give either "ownPrices" or "ownPrice", not both',
      });
    } else if (ownPrices !== undefined) own = ownPriceFromRows(bodyFile, ownPrices);
    else if (exposure.ownPrice !== null) own = ownPriceFromSource(exposure, exposure.ownPrice, () => cache.benchmarkData());
    else {
      throw rejectionError({
        code: rejectCodeOf('price_history_invalid'),
        reason: 'price_history_invalid',
        message: 'ownPrices: no own price: give "ownPrices" [{date, price}] or a derived "ownPrice"',
      });
    }
    const inputs = { exposure, product, fixings: cache.fixings(methodology, exposure.planDate), own };
    const result = unwrapParsed(buildPlan(inputs));
    const answer = {
      ...result,
      ...(backtest === true && { backtest: unwrapParsed(backtestHedge(inputs)) }),
      ...(orders === true && { orders: hedgeOrders(result) }),
    };
    // The core's readonly arrays are the schema's arrays; nothing mutates them.
    return answer as unknown as HedgePlanResponse;
  } catch (error) {
    if (error instanceof HedgeInputError) throw rejection(error.problems, ownField);
    throw error;
  }
}
