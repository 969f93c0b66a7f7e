/**
 * Simulation scenarios: the JSON file that says what to simulate, and its validation.
 *
 * A scenario names a product root, the days to run, the ticks per day (and how many of
 * them fall in the product's closing window), the benchmark path (the real series
 * replayed between two dates, a fixed value or a list of daily values), the agent
 * population and whether the contract rules and clearing are on. Validation collects
 * every problem, each naming its field path and the reason
 * (`agents[1].params.qtyLots: a whole number from 1 to 100000`), and throws them
 * together. Limits keep a scenario small enough for one process. The types live in
 * scenario-types.ts, the agents' parameters in scenario-agents.ts.
 */
import { agentsOf, isMinorAmount } from './scenario-agents.ts';
import { date, int, isObject, unknownFields, type Problems } from './scenario-fields.ts';
import type { PlanFileReader } from './scenario-plan.ts';
import {
  defaultMarginCallWindowMs,
  scenarioLimits,
  type AgentSpec,
  type BenchmarkPath,
  type ClearingSpec,
  type Scenario,
} from './scenario-types.ts';

export * from './scenario-types.ts';
export type { PlanFileReader } from './scenario-plan.ts';

const decimalPattern = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,9})?$/;

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

/** Rules across fields: the closing window has ticks when a manipulator needs them, plan files match the product. */
function crossChecks(
  product: unknown,
  ticksPerDay: number,
  closingWindowTicks: number,
  agents: readonly AgentSpec[],
  problems: Problems,
): void {
  if (closingWindowTicks >= ticksPerDay) problems.push('closingWindowTicks: below ticksPerDay (the session before the window needs ticks)');
  agents.forEach((spec, i) => {
    if (spec.kind === 'settlement_manipulator' && closingWindowTicks === 0) {
      problems.push(`agents[${i}]: a settlement_manipulator trades in the closing window; set closingWindowTicks to at least 1`);
    }
    if (spec.kind === 'plan_hedger' && spec.params.plan.product !== null && spec.params.plan.product !== product) {
      problems.push(`agents[${i}].params.planFile: the plan hedges ${spec.params.plan.product}, the scenario trades ${String(product)}`);
    }
  });
}

export interface ParseOptions {
  /** Reads a `plan_hedger`'s planFile (readScenarioFile resolves it against the scenario's directory). */
  readonly readPlanFile?: PlanFileReader;
}

/** Validates parsed JSON as a scenario; throws an Error listing every problem with its field path. */
export function parseScenario(json: unknown, options: ParseOptions = {}): Scenario {
  const problems: Problems = [];
  if (!isObject(json)) throw new Error('scenario: a JSON object');
  const fields = ['name', 'product', 'days', 'ticksPerDay', 'closingWindowTicks', 'benchmark', 'agents', 'contractRules', 'clearing'];
  unknownFields(json, fields, '', problems);
  const name = json['name'] ?? 'unnamed';
  if (typeof name !== 'string' || name.length > 100) problems.push('name: a string of at most 100 characters');
  const product = json['product'];
  if (typeof product !== 'string' || !/^[A-Z0-9]{1,8}$/.test(product)) problems.push('product: a product root such as "TOK"');
  const days = int(json, 'days', 1, scenarioLimits.daysMax, '', problems);
  const ticksPerDay = int(json, 'ticksPerDay', 1, scenarioLimits.ticksPerDayMax, '', problems);
  const closingWindowTicks =
    json['closingWindowTicks'] === undefined ? 0 : int(json, 'closingWindowTicks', 0, scenarioLimits.ticksPerDayMax, '', problems);
  const benchmark = benchmarkOf(json['benchmark'], problems);
  const agents = agentsOf(json['agents'], problems, options.readPlanFile);
  const rules = json['contractRules'] ?? false;
  if (typeof rules !== 'boolean') problems.push('contractRules: true or false');
  const clearing = clearingOf(json['clearing'], problems);
  crossChecks(product, ticksPerDay, closingWindowTicks, agents, problems);
  if (problems.length > 0) throw new Error(`invalid scenario:\n  ${problems.join('\n  ')}`);
  return {
    name: name as string,
    product: product as string,
    days,
    ticksPerDay,
    closingWindowTicks,
    benchmark,
    agents,
    contractRules: rules === true || clearing !== null,
    clearing,
  };
}
