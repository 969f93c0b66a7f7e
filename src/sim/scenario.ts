/**
 * Simulation scenarios: the JSON file that says what to simulate, and its validation.
 *
 * A scenario names a product root, the days to run and the ticks per day, the benchmark
 * path (the real series replayed between two dates, or a fixed value), the agent
 * population and whether the contract rules and clearing are on. Validation collects
 * every problem, each naming its field path (`agents[1].params.qtyLots: ...`), and
 * throws them together. Limits keep a scenario small enough for one process.
 */

export const agentKinds = ['market_maker', 'noise_trader', 'trend_follower'] as const;
export type AgentKind = (typeof agentKinds)[number];

export interface MarketMakerParams {
  /** Distance of each quote from the fair value, in ticks. */
  readonly halfSpreadTicks: number;
  readonly qtyLots: number;
  /** Quotes move down this many ticks per lot held long (up per lot short). */
  readonly skewTicksPerLot: number;
  /** No bid at or above this long position, no ask at or below its negative. */
  readonly positionLotsMax: number;
  /** A quote is replaced once its wanted price is this many ticks away. */
  readonly requoteTicks: number;
}

export interface NoiseTraderParams {
  /** Chance of acting on a tick, 0 to 1. */
  readonly actProbability: number;
  readonly qtyLotsMax: number;
  /** Chance an order is IOC rather than a resting day limit, 0 to 1. */
  readonly iocProbability: number;
  /** Prices are drawn within this many ticks of the mid. */
  readonly priceRangeTicks: number;
}

export interface TrendFollowerParams {
  /** Ticks between the two mids compared. */
  readonly windowTicks: number;
  /** Move in ticks over the window that triggers an order. */
  readonly thresholdTicks: number;
  readonly qtyLots: number;
  readonly positionLotsMax: number;
}

export type AgentSpec =
  | { readonly kind: 'market_maker'; readonly count: number; readonly params: MarketMakerParams }
  | { readonly kind: 'noise_trader'; readonly count: number; readonly params: NoiseTraderParams }
  | { readonly kind: 'trend_follower'; readonly count: number; readonly params: TrendFollowerParams };

export type BenchmarkPath =
  | { readonly kind: 'replay'; readonly from: string; readonly to: string }
  | { readonly kind: 'fixed'; readonly value: string; readonly startDate: string };

export interface ClearingSpec {
  /** Collateral deposited into each agent's account, in minor units (a decimal string). */
  readonly collateralMinor: string;
}

export interface Scenario {
  readonly name: string;
  readonly product: string;
  readonly days: number;
  readonly ticksPerDay: number;
  readonly benchmark: BenchmarkPath;
  readonly agents: readonly AgentSpec[];
  /** Lists the product to the engine (order size, daily limit, band); implied by clearing. */
  readonly contractRules: boolean;
  readonly clearing: ClearingSpec | null;
}

export const scenarioLimits = { daysMax: 366, ticksPerDayMax: 10_000, agentsMax: 1_000, agentSpecsMax: 32 } as const;

const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const decimalPattern = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,9})?$/;

type Problems = string[];
type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownFields(obj: Obj, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) problems.push(`${path}${key}: unknown field`);
}

function int(obj: Obj, key: string, min: number, max: number, path: string, problems: Problems): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${path}${key}: a whole number from ${min} to ${max}`);
    return min;
  }
  return value;
}

function probability(obj: Obj, key: string, path: string, problems: Problems): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    problems.push(`${path}${key}: a number from 0 to 1`);
    return 0;
  }
  return value;
}

function date(obj: Obj, key: string, path: string, problems: Problems): string {
  const value = obj[key];
  if (typeof value !== 'string' || !datePattern.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    problems.push(`${path}${key}: a date YYYY-MM-DD`);
    return '';
  }
  return value;
}

function benchmarkOf(value: unknown, problems: Problems): BenchmarkPath {
  const path = 'benchmark.';
  if (!isObject(value)) {
    problems.push('benchmark: an object {kind: "replay", from, to} or {kind: "fixed", value, startDate}');
    return { kind: 'fixed', value: '1', startDate: '2026-01-05' };
  }
  if (value['kind'] === 'replay') {
    unknownFields(value, ['kind', 'from', 'to'], path, problems);
    const from = date(value, 'from', path, problems);
    const to = date(value, 'to', path, problems);
    if (from !== '' && to !== '' && to < from) problems.push('benchmark.to: on or after benchmark.from');
    return { kind: 'replay', from, to };
  }
  if (value['kind'] === 'fixed') {
    unknownFields(value, ['kind', 'value', 'startDate'], path, problems);
    const fixed = value['value'];
    if (typeof fixed !== 'string' || !decimalPattern.test(fixed) || Number(fixed) <= 0) {
      problems.push('benchmark.value: a positive decimal string, for example "4.75"');
    }
    return { kind: 'fixed', value: typeof fixed === 'string' ? fixed : '1', startDate: date(value, 'startDate', path, problems) };
  }
  problems.push('benchmark.kind: "replay" or "fixed"');
  return { kind: 'fixed', value: '1', startDate: '2026-01-05' };
}

function paramsOf(kind: AgentKind, value: unknown, path: string, problems: Problems): AgentSpec['params'] {
  const params = isObject(value) ? value : {};
  if (!isObject(value)) problems.push(`${path}: an object`);
  const p = `${path}.`;
  switch (kind) {
    case 'market_maker':
      unknownFields(params, ['halfSpreadTicks', 'qtyLots', 'skewTicksPerLot', 'positionLotsMax', 'requoteTicks'], p, problems);
      return {
        halfSpreadTicks: int(params, 'halfSpreadTicks', 1, 100_000, p, problems),
        qtyLots: int(params, 'qtyLots', 1, 100_000, p, problems),
        skewTicksPerLot: int(params, 'skewTicksPerLot', 0, 100_000, p, problems),
        positionLotsMax: int(params, 'positionLotsMax', 1, 1_000_000, p, problems),
        requoteTicks: int(params, 'requoteTicks', 1, 100_000, p, problems),
      };
    case 'noise_trader':
      unknownFields(params, ['actProbability', 'qtyLotsMax', 'iocProbability', 'priceRangeTicks'], p, problems);
      return {
        actProbability: probability(params, 'actProbability', p, problems),
        qtyLotsMax: int(params, 'qtyLotsMax', 1, 100_000, p, problems),
        iocProbability: probability(params, 'iocProbability', p, problems),
        priceRangeTicks: int(params, 'priceRangeTicks', 0, 100_000, p, problems),
      };
    case 'trend_follower':
      unknownFields(params, ['windowTicks', 'thresholdTicks', 'qtyLots', 'positionLotsMax'], p, problems);
      return {
        windowTicks: int(params, 'windowTicks', 1, 10_000, p, problems),
        thresholdTicks: int(params, 'thresholdTicks', 1, 100_000, p, problems),
        qtyLots: int(params, 'qtyLots', 1, 100_000, p, problems),
        positionLotsMax: int(params, 'positionLotsMax', 1, 1_000_000, p, problems),
      };
  }
}

function agentsOf(value: unknown, problems: Problems): AgentSpec[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > scenarioLimits.agentSpecsMax) {
    problems.push(`agents: a list of 1 to ${scenarioLimits.agentSpecsMax} agent groups`);
    return [];
  }
  const out: AgentSpec[] = [];
  value.forEach((entry: unknown, i) => {
    const path = `agents[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${path}: an object {kind, count, params}`);
      return;
    }
    unknownFields(entry, ['kind', 'count', 'params'], `${path}.`, problems);
    const kind = entry['kind'];
    if (typeof kind !== 'string' || !(agentKinds as readonly string[]).includes(kind)) {
      problems.push(`${path}.kind: one of ${agentKinds.join(', ')}`);
      return;
    }
    const count = int(entry, 'count', 1, scenarioLimits.agentsMax, `${path}.`, problems);
    out.push({ kind, count, params: paramsOf(kind as AgentKind, entry['params'], `${path}.params`, problems) } as AgentSpec);
  });
  const total = out.reduce((sum, spec) => sum + spec.count, 0);
  if (total > scenarioLimits.agentsMax) problems.push(`agents: at most ${scenarioLimits.agentsMax} agents in all, got ${total}`);
  return out;
}

function clearingOf(value: unknown, problems: Problems): ClearingSpec | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    problems.push('clearing: an object {collateralMinor}');
    return null;
  }
  unknownFields(value, ['collateralMinor'], 'clearing.', problems);
  const collateral = value['collateralMinor'];
  if (typeof collateral !== 'string' || !/^[1-9][0-9]{0,17}$/.test(collateral)) {
    problems.push('clearing.collateralMinor: a positive whole number of minor units as a string');
    return null;
  }
  return { collateralMinor: collateral };
}

/** Validates parsed JSON as a scenario; throws an Error listing every problem with its field path. */
export function parseScenario(json: unknown): Scenario {
  const problems: Problems = [];
  if (!isObject(json)) throw new Error('scenario: a JSON object');
  unknownFields(json, ['name', 'product', 'days', 'ticksPerDay', 'benchmark', 'agents', 'contractRules', 'clearing'], '', problems);
  const name = json['name'] ?? 'unnamed';
  if (typeof name !== 'string' || name.length > 100) problems.push('name: a string of at most 100 characters');
  const product = json['product'];
  if (typeof product !== 'string' || !/^[A-Z0-9]{1,8}$/.test(product)) problems.push('product: a product root such as "TOK"');
  const days = int(json, 'days', 1, scenarioLimits.daysMax, '', problems);
  const ticksPerDay = int(json, 'ticksPerDay', 1, scenarioLimits.ticksPerDayMax, '', problems);
  const benchmark = benchmarkOf(json['benchmark'], problems);
  const agents = agentsOf(json['agents'], problems);
  const rules = json['contractRules'] ?? false;
  if (typeof rules !== 'boolean') problems.push('contractRules: true or false');
  const clearing = clearingOf(json['clearing'], problems);
  if (problems.length > 0) throw new Error(`invalid scenario:\n  ${problems.join('\n  ')}`);
  return {
    name: name as string,
    product: product as string,
    days,
    ticksPerDay,
    benchmark,
    agents,
    contractRules: rules === true || clearing !== null,
    clearing,
  };
}
