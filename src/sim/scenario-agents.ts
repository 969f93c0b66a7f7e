/**
 * Validation of a scenario's agent population: the list of groups (kind, count,
 * optional collateral, params) and each kind's parameters, with cross-field rules
 * (exitTicks below entryTicks, everyTicks above cancelAfterTicks, positionLotsMax at
 * least positionLots). Every problem names its field path. Pure apart from the plan
 * file reader the caller passes in; O(groups + plan months).
 */
import { hedgePlanOf, type PlanFileReader } from './scenario-plan.ts';
import { int, isObject, oneOf, optionalInt, probability, unknownFields, type Obj, type Problems } from './scenario-fields.ts';
import {
  agentKinds,
  deferredMonthRules,
  meanReverterAnchors,
  scenarioLimits,
  type AgentKind,
  type AgentSpec,
  type MeanReverterParams,
  type PlanHedgerParams,
  type SettlementManipulatorParams,
  type SpooferParams,
} from './scenario-types.ts';

const lotsMax = 100_000;
const ticksMax = 100_000;
const positionMax = 1_000_000;

function meanReverter(params: Obj, p: string, problems: Problems): MeanReverterParams {
  const fields = ['anchor', 'windowTicks', 'entryTicks', 'exitTicks', 'qtyLots', 'positionLotsMax', 'cooldownTicks'];
  unknownFields(params, fields, p, problems);
  const anchor = oneOf(params, 'anchor', meanReverterAnchors, null, p, problems);
  if (anchor === 'moving_average' && params['windowTicks'] === undefined)
    problems.push(`${p}windowTicks: required by a moving_average anchor`);
  const entryTicks = int(params, 'entryTicks', 1, ticksMax, p, problems);
  const exitTicks = int(params, 'exitTicks', 0, ticksMax, p, problems);
  if (exitTicks >= entryTicks) problems.push(`${p}exitTicks: below entryTicks`);
  return {
    anchor,
    windowTicks: optionalInt(params, 'windowTicks', 1, 1, 10_000, p, problems),
    entryTicks,
    exitTicks,
    qtyLots: int(params, 'qtyLots', 1, lotsMax, p, problems),
    positionLotsMax: int(params, 'positionLotsMax', 1, positionMax, p, problems),
    cooldownTicks: optionalInt(params, 'cooldownTicks', 0, 0, 10_000, p, problems),
  };
}

function planHedger(params: Obj, p: string, problems: Problems, read: PlanFileReader | undefined): PlanHedgerParams {
  const fields = ['plan', 'planFile', 'deferredMonths', 'buildDays', 'clipLotsMax', 'passiveTicks', 'urgencyLots', 'limitTicks'];
  unknownFields(params, [...fields, 'requoteTicks'], p, problems);
  return {
    plan: hedgePlanOf(params, p, problems, read),
    deferredMonths: oneOf(params, 'deferredMonths', deferredMonthRules, 'stack', p, problems),
    buildDays: int(params, 'buildDays', 1, scenarioLimits.daysMax, p, problems),
    clipLotsMax: int(params, 'clipLotsMax', 1, lotsMax, p, problems),
    passiveTicks: optionalInt(params, 'passiveTicks', 0, 0, ticksMax, p, problems),
    urgencyLots: int(params, 'urgencyLots', 1, positionMax, p, problems),
    limitTicks: int(params, 'limitTicks', 0, ticksMax, p, problems),
    requoteTicks: optionalInt(params, 'requoteTicks', 1, 1, ticksMax, p, problems),
  };
}

function spoofer(params: Obj, p: string, problems: Problems): SpooferParams {
  const fields = ['spoofQtyLots', 'awayTicks', 'cancelAfterTicks', 'tradeQtyLots', 'everyTicks', 'positionLotsMax'];
  unknownFields(params, fields, p, problems);
  const cancelAfterTicks = int(params, 'cancelAfterTicks', 1, 1_000, p, problems);
  const everyTicks = int(params, 'everyTicks', 2, 10_000, p, problems);
  if (everyTicks <= cancelAfterTicks) problems.push(`${p}everyTicks: above cancelAfterTicks`);
  return {
    spoofQtyLots: int(params, 'spoofQtyLots', 1, lotsMax, p, problems),
    awayTicks: int(params, 'awayTicks', 1, ticksMax, p, problems),
    cancelAfterTicks,
    tradeQtyLots: int(params, 'tradeQtyLots', 1, lotsMax, p, problems),
    everyTicks,
    positionLotsMax: int(params, 'positionLotsMax', 1, positionMax, p, problems),
  };
}

function settlementManipulator(params: Obj, p: string, problems: Problems): SettlementManipulatorParams {
  const fields = ['direction', 'positionLots', 'tradeQtyLots', 'buildLimitTicks', 'markQtyLots', 'markThroughTicks'];
  unknownFields(params, [...fields, 'markLotsMaxPerDay', 'positionLotsMax'], p, problems);
  const positionLots = int(params, 'positionLots', 0, positionMax, p, problems);
  const positionLotsMax = int(params, 'positionLotsMax', 1, positionMax, p, problems);
  if (positionLotsMax < positionLots) problems.push(`${p}positionLotsMax: at least positionLots`);
  return {
    direction: oneOf(params, 'direction', ['buy', 'sell'] as const, null, p, problems),
    positionLots,
    tradeQtyLots: int(params, 'tradeQtyLots', 1, lotsMax, p, problems),
    buildLimitTicks: int(params, 'buildLimitTicks', 0, ticksMax, p, problems),
    markQtyLots: int(params, 'markQtyLots', 1, lotsMax, p, problems),
    markThroughTicks: int(params, 'markThroughTicks', 0, ticksMax, p, problems),
    markLotsMaxPerDay: int(params, 'markLotsMaxPerDay', 1, positionMax, p, problems),
    positionLotsMax,
  };
}

function paramsOf(
  kind: AgentKind,
  value: unknown,
  path: string,
  problems: Problems,
  read: PlanFileReader | undefined,
): AgentSpec['params'] {
  const params = isObject(value) ? value : {};
  if (!isObject(value)) problems.push(`${path}: an object`);
  const p = `${path}.`;
  switch (kind) {
    case 'market_maker':
      unknownFields(params, ['halfSpreadTicks', 'qtyLots', 'skewTicksPerLot', 'positionLotsMax', 'requoteTicks'], p, problems);
      return {
        halfSpreadTicks: int(params, 'halfSpreadTicks', 1, ticksMax, p, problems),
        qtyLots: int(params, 'qtyLots', 1, lotsMax, p, problems),
        skewTicksPerLot: int(params, 'skewTicksPerLot', 0, ticksMax, p, problems),
        positionLotsMax: int(params, 'positionLotsMax', 1, positionMax, p, problems),
        requoteTicks: int(params, 'requoteTicks', 1, ticksMax, p, problems),
      };
    case 'noise_trader':
      unknownFields(params, ['actProbability', 'qtyLotsMax', 'iocProbability', 'priceRangeTicks'], p, problems);
      return {
        actProbability: probability(params, 'actProbability', p, problems),
        qtyLotsMax: int(params, 'qtyLotsMax', 1, lotsMax, p, problems),
        iocProbability: probability(params, 'iocProbability', p, problems),
        priceRangeTicks: int(params, 'priceRangeTicks', 0, ticksMax, p, problems),
      };
    case 'trend_follower':
      unknownFields(params, ['windowTicks', 'thresholdTicks', 'qtyLots', 'positionLotsMax'], p, problems);
      return {
        windowTicks: int(params, 'windowTicks', 1, 10_000, p, problems),
        thresholdTicks: int(params, 'thresholdTicks', 1, ticksMax, p, problems),
        qtyLots: int(params, 'qtyLots', 1, lotsMax, p, problems),
        positionLotsMax: int(params, 'positionLotsMax', 1, positionMax, p, problems),
      };
    case 'mean_reverter':
      return meanReverter(params, p, problems);
    case 'hedger': {
      unknownFields(params, ['targetLots', 'dailyFraction', 'passiveTicks', 'qtyLotsMax', 'requoteTicks'], p, problems);
      const targetLots = int(params, 'targetLots', -positionMax, positionMax, p, problems);
      if (targetLots === 0) problems.push(`${p}targetLots: not 0`);
      const dailyFraction = probability(params, 'dailyFraction', p, problems);
      if (dailyFraction === 0) problems.push(`${p}dailyFraction: above 0`);
      return {
        targetLots,
        dailyFraction,
        passiveTicks: int(params, 'passiveTicks', 0, ticksMax, p, problems),
        qtyLotsMax: int(params, 'qtyLotsMax', 1, lotsMax, p, problems),
        requoteTicks: int(params, 'requoteTicks', 1, ticksMax, p, problems),
      };
    }
    case 'plan_hedger':
      return planHedger(params, p, problems, read);
    case 'spoofer':
      return spoofer(params, p, problems);
    case 'settlement_manipulator':
      return settlementManipulator(params, p, problems);
  }
}

export function isMinorAmount(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9][0-9]{0,17}$/.test(value);
}

/** The agent groups of a scenario, each validated against its kind. */
export function agentsOf(value: unknown, problems: Problems, read: PlanFileReader | undefined): AgentSpec[] {
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
    const params = paramsOf(kind as AgentKind, entry['params'], `${path}.params`, problems, read);
    out.push({ kind, count, params, ...(isMinorAmount(collateral) && { collateralMinor: collateral }) } as AgentSpec);
  });
  const total = out.reduce((sum, spec) => sum + spec.count, 0);
  if (total > scenarioLimits.agentsMax) problems.push(`agents: at most ${scenarioLimits.agentsMax} agents in all, got ${total}`);
  return out;
}
