/**
 * The hedge plan of a `plan_hedger` in a scenario: either inline (the firm's role, the
 * hedge ratio, the rounding and the exposure by month) or a plan file written by
 * `tokex hedge plan --json` (src/core/hedging), read through the caller's `readPlanFile`
 * and checked with the hedging context's own `planFromJson`.
 *
 * Every problem names its field path (`agents[2].params.plan.months[1].quantity: ...`).
 * Months are "YYYY-MM", strictly increasing, at most `exposureMonthsMax`; quantities
 * positive plain decimals. A plan file's lines must name the plan's own contract
 * symbols. Pure apart from the injected reader; O(months).
 */
import { contractSymbol } from '../core/contracts/index.ts';
import {
  contractRoundings,
  exposureMonthsMax,
  hedgeRoles,
  planFromJson,
  type ContractRounding,
  type HedgePlan,
} from '../core/hedging/index.ts';
import type { HedgePlanMonth, HedgePlanSpec } from './scenario-types.ts';
import { isObject, oneOf, unknownFields, type Obj, type Problems } from './scenario-fields.ts';

/** Reads and parses a plan file named in a scenario (relative paths as the caller resolves them); throws when it cannot. */
export type PlanFileReader = (path: string) => unknown;

const monthPattern = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const quantityPattern = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,9})?$/;
const ratioMax = 100;

function months(value: unknown, path: string, problems: Problems): HedgePlanMonth[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > exposureMonthsMax) {
    problems.push(`${path}: a list of 1 to ${exposureMonthsMax} {month: "YYYY-MM", quantity: "decimal"}`);
    return [];
  }
  const out: HedgePlanMonth[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${at}: an object {month, quantity}`);
      return;
    }
    unknownFields(entry, ['month', 'quantity'], `${at}.`, problems);
    const month = entry['month'];
    const quantity = entry['quantity'];
    const monthOk = typeof month === 'string' && monthPattern.test(month);
    if (!monthOk) problems.push(`${at}.month: a month "YYYY-MM"`);
    const quantityOk = typeof quantity === 'string' && quantityPattern.test(quantity) && Number(quantity) > 0;
    if (!quantityOk) problems.push(`${at}.quantity: a positive decimal string such as "20000"`);
    const previous = out[out.length - 1];
    if (monthOk && previous !== undefined && month <= previous.month) {
      problems.push(`${at}.month: ${month} is not after ${previous.month} (months strictly increasing)`);
    }
    if (monthOk && quantityOk) out.push({ month, quantity, contracts: null, symbol: null });
  });
  return out;
}

function inlinePlan(value: Obj, path: string, problems: Problems): HedgePlanSpec {
  unknownFields(value, ['firm', 'role', 'ratio', 'rounding', 'months'], `${path}.`, problems);
  const firm = value['firm'] ?? 'simulated firm';
  if (typeof firm !== 'string' || firm.length === 0 || firm.length > 100) problems.push(`${path}.firm: a string of 1 to 100 characters`);
  const role = oneOf(value, 'role', hedgeRoles, null, `${path}.`, problems);
  const ratio = value['ratio'];
  const ratioOk = typeof ratio === 'number' && Number.isFinite(ratio) && ratio > 0 && ratio <= ratioMax;
  if (!ratioOk) problems.push(`${path}.ratio: a number above 0 and at most ${ratioMax} (the hedge ratio)`);
  const rounding: ContractRounding = oneOf(value, 'rounding', contractRoundings, 'half_even', `${path}.`, problems);
  return {
    source: 'inline',
    firm: typeof firm === 'string' ? firm : 'simulated firm',
    product: null,
    role,
    ratio: ratioOk ? ratio : 1,
    rounding,
    planDate: null,
    months: months(value['months'], `${path}.months`, problems),
  };
}

function fromPlanFile(file: string, plan: HedgePlan, path: string, problems: Problems): HedgePlanSpec {
  // planFromJson checks the fields orders need; months, quantities, the ratio and the product are checked here.
  const ratio = (plan as { ratio?: { used?: unknown } }).ratio?.used;
  const rootValue = (plan as { product?: { root?: unknown } }).product?.root;
  const root = typeof rootValue === 'string' && /^[A-Z][A-Z0-9]{0,5}$/.test(rootValue) ? rootValue : null;
  if (root === null) problems.push(`${path}: ${file}: product.root must be a product root`);
  const lines: HedgePlanMonth[] = [];
  plan.contracts.forEach((line, i) => {
    const month = (line as { month?: unknown }).month;
    const quantity = (line as { quantity?: unknown }).quantity;
    const year = typeof month === 'string' ? Number(month.slice(0, 4)) : 0;
    if (typeof month !== 'string' || !monthPattern.test(month) || year < 2000 || year > 2099) {
      problems.push(`${path}: ${file}: contracts[${i}].month must be a month "YYYY-MM" from 2000 to 2099`);
      return;
    }
    if (typeof quantity !== 'string' || !quantityPattern.test(quantity) || Number(quantity) <= 0) {
      problems.push(`${path}: ${file}: contracts[${i}].quantity must be a positive decimal string`);
      return;
    }
    const expected = root === null ? null : contractSymbol(root, { year, month: Number(month.slice(5, 7)) });
    if (expected !== null && line.symbol !== expected) {
      problems.push(`${path}: ${file}: contracts[${i}].symbol is ${line.symbol}, the month's contract is ${expected}`);
    }
    lines.push({ month, quantity, contracts: line.contracts, symbol: line.symbol });
  });
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 0) problems.push(`${path}: ${file}: ratio.used must be a number`);
  if (lines.length === 0 || lines.length > exposureMonthsMax) {
    problems.push(`${path}: ${file}: 1 to ${exposureMonthsMax} contract lines`);
  }
  return {
    source: file,
    firm: plan.firm,
    product: root,
    role: plan.side === 'buy' ? 'buyer' : 'seller',
    ratio: typeof ratio === 'number' ? ratio : 0,
    rounding: (contractRoundings as readonly string[]).includes(plan.rounding) ? plan.rounding : 'half_even',
    planDate: plan.planDate,
    months: lines,
  };
}

function planFile(file: unknown, path: string, problems: Problems, read: PlanFileReader | undefined): HedgePlanSpec | null {
  if (typeof file !== 'string' || file.length === 0 || file.length > 1_000) {
    problems.push(`${path}: a path to a plan written by tokex hedge plan --json`);
    return null;
  }
  if (read === undefined) {
    problems.push(`${path}: plan files are read by readScenarioFile (no file reader given)`);
    return null;
  }
  let json: unknown;
  try {
    json = read(file);
  } catch (error) {
    problems.push(`${path}: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  const parsed = planFromJson(file, json);
  if (!parsed.ok) {
    problems.push(`${path}: ${parsed.reason}`);
    return null;
  }
  return fromPlanFile(file, parsed.plan, path, problems);
}

/** The plan of a `plan_hedger`'s params: exactly one of `plan` (inline) and `planFile`. */
export function hedgePlanOf(params: Obj, path: string, problems: Problems, read: PlanFileReader | undefined): HedgePlanSpec {
  const inline = params['plan'];
  const file = params['planFile'];
  const placeholder: HedgePlanSpec = {
    source: 'inline',
    firm: 'simulated firm',
    product: null,
    role: 'buyer',
    ratio: 1,
    rounding: 'half_even',
    planDate: null,
    months: [],
  };
  if ((inline === undefined) === (file === undefined)) {
    problems.push(`${path}plan: give exactly one of plan (inline) and planFile`);
    return placeholder;
  }
  if (file !== undefined) return planFile(file, `${path}planFile`, problems, read) ?? placeholder;
  if (!isObject(inline)) {
    problems.push(`${path}plan: an object {role, ratio, months, firm?, rounding?}`);
    return placeholder;
  }
  return inlinePlan(inline, `${path}plan`, problems);
}
