/**
 * Simulation scenarios: the JSON file that says what to simulate, and its validation.
 *
 * A scenario names a product root, the days to run and the ticks per day, the benchmark
 * path (the real series replayed between two dates, or a fixed value), the agent
 * population and whether the contract rules and clearing are on. Validation collects
 * every problem, each naming its field path (`agents[1].params.qtyLots: ...`), and
 * throws them together. Limits keep a scenario small enough for one process.
 */

export const agentKinds = ['market_maker', 'noise_trader', 'trend_follower', 'hedger', 'spoofer'] as const;
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

export interface HedgerParams {
  /** The month's exposure to build, in lots: positive buys, negative sells. Never exceeded. */
  readonly targetLots: number;
  /** Share of the target to build per day, 0 to 1 (cumulative, capped at the target). */
  readonly dailyFraction: number;
  /** A buy bids this many ticks below the best offer (a sell offers above the best bid); 0 takes the touch. */
  readonly passiveTicks: number;
  readonly qtyLotsMax: number;
  /** Its working order is cancelled once the touch has moved this many ticks away. */
  readonly requoteTicks: number;
}

export interface SpooferParams {
  /** Size of the spoof order: large. */
  readonly spoofQtyLots: number;
  /** Distance of the spoof from its own side's touch, in ticks. */
  readonly awayTicks: number;
  /** Turns the spoof rests before it is cancelled. */
  readonly cancelAfterTicks: number;
  /** Size of the small trade on the other side (an IOC at the other touch). */
  readonly tradeQtyLots: number;
  /** Turns between spoof cycles (at least cancelAfterTicks + 1). */
  readonly everyTicks: number;
  readonly positionLotsMax: number;
}

interface AgentGroup {
  readonly count: number;
  /** Overrides `clearing.collateralMinor` for this group's accounts. */
  readonly collateralMinor?: string;
}

export type AgentSpec = AgentGroup &
  (
    | { readonly kind: 'market_maker'; readonly params: MarketMakerParams }
    | { readonly kind: 'noise_trader'; readonly params: NoiseTraderParams }
    | { readonly kind: 'trend_follower'; readonly params: TrendFollowerParams }
    | { readonly kind: 'hedger'; readonly params: HedgerParams }
    | { readonly kind: 'spoofer'; readonly params: SpooferParams }
  );

export type BenchmarkPath =
  | { readonly kind: 'replay'; readonly from: string; readonly to: string }
  | { readonly kind: 'fixed'; readonly value: string; readonly startDate: string }
  /** One value per day from `startDate` (the last one repeats): for adverse paths in tests. */
  | { readonly kind: 'path'; readonly values: readonly string[]; readonly startDate: string };

export interface ClearingSpec {
  /** Collateral deposited into each agent's account, in minor units (a decimal string). */
  readonly collateralMinor: string;
  /** Time from a margin call to its deadline; default 12 hours (a call at the close falls due the next morning). */
  readonly marginCallWindowMs: number;
}

export const defaultMarginCallWindowMs = 12 * 3_600_000;

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
  if (value['kind'] === 'path') {
    unknownFields(value, ['kind', 'values', 'startDate'], path, problems);
    const values = value['values'];
    const ok =
      Array.isArray(values) &&
      values.length > 0 &&
      values.length <= scenarioLimits.daysMax &&
      values.every((v: unknown) => typeof v === 'string' && decimalPattern.test(v) && Number(v) > 0);
    if (!ok) problems.push(`benchmark.values: 1 to ${scenarioLimits.daysMax} positive decimal strings`);
    return { kind: 'path', values: ok ? (values as string[]) : ['1'], startDate: date(value, 'startDate', path, problems) };
  }
  problems.push('benchmark.kind: "replay", "fixed" or "path"');
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
    case 'hedger': {
      unknownFields(params, ['targetLots', 'dailyFraction', 'passiveTicks', 'qtyLotsMax', 'requoteTicks'], p, problems);
      const targetLots = int(params, 'targetLots', -1_000_000, 1_000_000, p, problems);
      if (targetLots === 0) problems.push(`${p}targetLots: not 0`);
      const dailyFraction = probability(params, 'dailyFraction', p, problems);
      if (dailyFraction === 0) problems.push(`${p}dailyFraction: above 0`);
      return {
        targetLots,
        dailyFraction,
        passiveTicks: int(params, 'passiveTicks', 0, 100_000, p, problems),
        qtyLotsMax: int(params, 'qtyLotsMax', 1, 100_000, p, problems),
        requoteTicks: int(params, 'requoteTicks', 1, 100_000, p, problems),
      };
    }
    case 'spoofer': {
      const fields = ['spoofQtyLots', 'awayTicks', 'cancelAfterTicks', 'tradeQtyLots', 'everyTicks', 'positionLotsMax'];
      unknownFields(params, fields, p, problems);
      const cancelAfterTicks = int(params, 'cancelAfterTicks', 1, 1_000, p, problems);
      const everyTicks = int(params, 'everyTicks', 2, 10_000, p, problems);
      if (everyTicks <= cancelAfterTicks) problems.push(`${p}everyTicks: above cancelAfterTicks`);
      return {
        spoofQtyLots: int(params, 'spoofQtyLots', 1, 100_000, p, problems),
        awayTicks: int(params, 'awayTicks', 1, 100_000, p, problems),
        cancelAfterTicks,
        tradeQtyLots: int(params, 'tradeQtyLots', 1, 100_000, p, problems),
        everyTicks,
        positionLotsMax: int(params, 'positionLotsMax', 1, 1_000_000, p, problems),
      };
    }
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
    unknownFields(entry, ['kind', 'count', 'params', 'collateralMinor'], `${path}.`, problems);
    const kind = entry['kind'];
    if (typeof kind !== 'string' || !(agentKinds as readonly string[]).includes(kind)) {
      problems.push(`${path}.kind: one of ${agentKinds.join(', ')}`);
      return;
    }
    const count = int(entry, 'count', 1, scenarioLimits.agentsMax, `${path}.`, problems);
    const collateral = entry['collateralMinor'];
    if (collateral !== undefined && !isMinorAmount(collateral)) {
      problems.push(`${path}.collateralMinor: a positive whole number of minor units as a string`);
    }
    const params = paramsOf(kind as AgentKind, entry['params'], `${path}.params`, problems);
    out.push({ kind, count, params, ...(isMinorAmount(collateral) && { collateralMinor: collateral }) } as AgentSpec);
  });
  const total = out.reduce((sum, spec) => sum + spec.count, 0);
  if (total > scenarioLimits.agentsMax) problems.push(`agents: at most ${scenarioLimits.agentsMax} agents in all, got ${total}`);
  return out;
}

function isMinorAmount(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9][0-9]{0,17}$/.test(value);
}

function clearingOf(value: unknown, problems: Problems): ClearingSpec | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    problems.push('clearing: an object {collateralMinor}');
    return null;
  }
  unknownFields(value, ['collateralMinor', 'marginCallWindowMs'], 'clearing.', problems);
  const collateral = value['collateralMinor'];
  const window = value['marginCallWindowMs'] === undefined ? defaultMarginCallWindowMs : value['marginCallWindowMs'];
  const marginCallWindowMs = int({ marginCallWindowMs: window }, 'marginCallWindowMs', 60_000, 7 * 86_400_000, 'clearing.', problems);
  if (!isMinorAmount(collateral)) {
    problems.push('clearing.collateralMinor: a positive whole number of minor units as a string');
    return null;
  }
  return { collateralMinor: collateral, marginCallWindowMs };
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
