/**
 * Reading a firm's exposure file (format in docs/hedging.md): JSON, or CSV with one
 * row per month. Every problem is collected, each with the file, the line (CSV) or the
 * field path (JSON) and the reason, and the reject code `exposure_invalid`.
 *
 * Rules: the product root is 1-6 of A-Z 0-9; role buyer or seller; planDate a calendar
 * date; months "YYYY-MM", strictly increasing, after the plan date's month, at most
 * `exposureMonthsMax`; quantities plain positive decimals (no exponent, no rounding).
 * CSV has no quoted fields (none of its values needs one). Pure; O(rows).
 */
import { parseDecimal, type RejectName } from '../kernel/index.ts';
import { isCivilDate } from '../benchmark/index.ts';
import {
  contractRoundings,
  exposureMonthsMax,
  hedgeRoles,
  type ContractRounding,
  type Exposure,
  type ExposureMonth,
  type HedgeRole,
  type InputProblem,
  type OwnPriceSource,
  type Parsed,
  type TokenRouteSegment,
} from './types.ts';

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
const rootPattern = /^[A-Z][A-Z0-9]{0,5}$/;
const code: RejectName = 'exposure_invalid';

class Collector {
  readonly problems: InputProblem[] = [];
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }
  add(field: string, reason: string, line = 0): void {
    this.problems.push({ file: this.file, line, field, reason, code });
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function text(c: Collector, obj: Json, field: string, path: string, required: boolean): string | null {
  const value = obj[field];
  if (value === undefined && !required) return null;
  if (typeof value !== 'string' || value.trim().length === 0) {
    c.add(path, value === undefined ? 'is missing' : 'must be a non-empty string');
    return null;
  }
  return value;
}

function oneOf<T extends string>(c: Collector, value: string | null, path: string, allowed: readonly T[], line = 0): T | null {
  if (value === null) return null;
  const found = allowed.find((a) => a === value);
  if (found === undefined) c.add(path, `"${value}" is not one of ${allowed.join(', ')}`, line);
  return found ?? null;
}

function date(c: Collector, value: string | null, path: string, line = 0): string | null {
  if (value === null) return null;
  if (!isCivilDate(value)) {
    c.add(path, `"${value}" is not a YYYY-MM-DD date`, line);
    return null;
  }
  return value;
}

function quantity(c: Collector, value: unknown, path: string, line = 0): string | null {
  if (typeof value !== 'string') {
    c.add(path, 'must be a decimal string such as "2500" or "12.5"', line);
    return null;
  }
  const parsed = parseDecimal(value);
  if (!parsed.ok) {
    c.add(path, parsed.reason, line);
    return null;
  }
  if (parsed.value.mantissa <= 0n) {
    c.add(path, `"${value}" must be positive`, line);
    return null;
  }
  return value;
}

function checkMonths(
  c: Collector,
  months: ExposureMonth[],
  planDate: string | null,
  lines: readonly number[],
  pathOf: (i: number) => string,
): void {
  if (months.length === 0) c.add('exposure', 'lists no month');
  if (months.length > exposureMonthsMax) c.add('exposure', `lists ${months.length} months, more than ${exposureMonthsMax}`);
  months.forEach((m, i) => {
    const previous = months[i - 1];
    if (previous !== undefined && m.month <= previous.month) {
      c.add(pathOf(i), `${m.month} is not after ${previous.month} (months strictly increasing)`, lines[i] ?? 0);
    }
    if (planDate !== null && m.month <= planDate.slice(0, 7)) {
      c.add(pathOf(i), `${m.month} is not after the plan date's month ${planDate.slice(0, 7)}`, lines[i] ?? 0);
    }
  });
}

function ownPrice(c: Collector, value: unknown): OwnPriceSource | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    c.add('ownPrice', 'must be an object with a "kind"');
    return null;
  }
  const kind = oneOf(c, text(c, value, 'kind', 'ownPrice.kind', true), 'ownPrice.kind', ['file', 'token_route', 'gpu_list_price'] as const);
  if (kind === 'file') {
    const path = text(c, value, 'path', 'ownPrice.path', true);
    return path === null ? null : { kind, path };
  }
  if (kind === 'gpu_list_price') {
    const provider = text(c, value, 'provider', 'ownPrice.provider', true);
    const gpuModel = text(c, value, 'gpuModel', 'ownPrice.gpuModel', true);
    const pricing = oneOf(c, text(c, value, 'pricing', 'ownPrice.pricing', true), 'ownPrice.pricing', ['on_demand', 'spot'] as const);
    const gpuCount = value['gpuCount'];
    if (typeof gpuCount !== 'number' || !Number.isSafeInteger(gpuCount) || gpuCount < 1 || gpuCount > 64) {
      c.add('ownPrice.gpuCount', 'must be a whole number of GPUs from 1 to 64');
      return null;
    }
    if (provider === null || gpuModel === null || pricing === null) return null;
    return { kind, provider, gpuModel, gpuCount, pricing };
  }
  if (kind === 'token_route') return tokenRoute(c, value);
  return null;
}

function tokenRoute(c: Collector, value: Json): OwnPriceSource | null {
  const blend = value['blend'] ?? { inputParts: 3, outputParts: 1 };
  const parts = isObject(blend) ? [blend['inputParts'], blend['outputParts']] : [];
  if (!parts.every((p) => typeof p === 'number' && Number.isSafeInteger(p) && p >= 0 && p <= 1000) || parts.length !== 2) {
    c.add('ownPrice.blend', 'must be {"inputParts": n, "outputParts": m} with whole numbers 0 to 1000');
    return null;
  }
  const [inputParts, outputParts] = parts as [number, number];
  if (inputParts + outputParts === 0) c.add('ownPrice.blend', 'input and output parts are both zero');
  const raw = value['segments'];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 50) {
    c.add('ownPrice.segments', 'must be a list of 1 to 50 {from, provider, model}');
    return null;
  }
  const segments: TokenRouteSegment[] = [];
  raw.forEach((segment: unknown, i) => {
    const path = `ownPrice.segments[${i}]`;
    if (!isObject(segment)) return c.add(path, 'must be an object {from, provider, model}');
    const from = date(c, text(c, segment, 'from', `${path}.from`, true), `${path}.from`);
    const provider = text(c, segment, 'provider', `${path}.provider`, true);
    const model = text(c, segment, 'model', `${path}.model`, true);
    const previous = segments[segments.length - 1];
    if (from !== null && previous !== undefined && from <= previous.from) c.add(`${path}.from`, `${from} is not after ${previous.from}`);
    if (from !== null && provider !== null && model !== null) segments.push({ from, provider, model });
  });
  return segments.length === raw.length ? { kind: 'token_route', blend: { inputParts, outputParts }, segments } : null;
}

/** An exposure from parsed JSON (the caller reports JSON syntax errors itself). */
export function exposureFromJson(file: string, value: unknown): Parsed<Exposure> {
  const c = new Collector(file);
  if (!isObject(value)) {
    c.add('(root)', 'must be a JSON object');
    return { ok: false, problems: c.problems };
  }
  const known = ['firm', 'description', 'product', 'role', 'planDate', 'rounding', 'historyFrom', 'exposure', 'ownPrice'];
  for (const key of Object.keys(value)) if (!known.includes(key)) c.add(key, `unknown field (known: ${known.join(', ')})`);
  const firm = text(c, value, 'firm', 'firm', true);
  const description = text(c, value, 'description', 'description', false) ?? '';
  const product = text(c, value, 'product', 'product', true);
  if (product !== null && !rootPattern.test(product)) c.add('product', `"${product}" is not a product root (1-6 of A-Z 0-9)`);
  const role = oneOf(c, text(c, value, 'role', 'role', true), 'role', hedgeRoles);
  const planDate = date(c, text(c, value, 'planDate', 'planDate', true), 'planDate');
  const rounding = oneOf(c, text(c, value, 'rounding', 'rounding', false) ?? 'half_even', 'rounding', contractRoundings);
  const historyFrom = date(c, text(c, value, 'historyFrom', 'historyFrom', false), 'historyFrom');
  const raw = value['exposure'];
  const months: ExposureMonth[] = [];
  if (!Array.isArray(raw)) c.add('exposure', 'must be a list of {"month": "YYYY-MM", "quantity": "decimal"}');
  else
    raw.forEach((row: unknown, i) => {
      const path = `exposure[${i}]`;
      if (!isObject(row)) return c.add(path, 'must be an object {month, quantity}');
      const month = text(c, row, 'month', `${path}.month`, true);
      if (month !== null && !monthPattern.test(month)) return c.add(`${path}.month`, `"${month}" is not a YYYY-MM month`);
      const q = quantity(c, row['quantity'], `${path}.quantity`);
      if (month !== null && q !== null) months.push({ month, quantity: q, quantityValue: Number(q) });
    });
  if (Array.isArray(raw) && months.length === raw.length) checkMonths(c, months, planDate, [], (i) => `exposure[${i}].month`);
  const source = ownPrice(c, value['ownPrice']);
  if (c.problems.length > 0 || firm === null || product === null || role === null || planDate === null || rounding === null) {
    return { ok: false, problems: c.problems };
  }
  return {
    ok: true,
    value: { file, firm, description, product, role, planDate, rounding, historyFrom, months, ownPrice: source },
  };
}

const csvHeader = ['firm', 'product', 'role', 'plan_date', 'month', 'quantity'] as const;

/**
 * An exposure from CSV text: header `firm,product,role,plan_date,month,quantity`, one row
 * per month; firm, product, role and plan_date equal on every row. Rounding is half_even;
 * the own price comes from `--prices`.
 */
export function exposureFromCsv(file: string, body: string): Parsed<Exposure> {
  const c = new Collector(file);
  const lines = body.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',');
  if (header.join(',') !== csvHeader.join(',')) {
    c.add('(header)', `expected ${csvHeader.join(',')}, found ${header.join(',')}`, 1);
    return { ok: false, problems: c.problems };
  }
  const months: ExposureMonth[] = [];
  const monthLines: number[] = [];
  let first: string[] | null = null;
  lines.slice(1).forEach((line, i) => {
    const lineNo = i + 2;
    if (line.trim().length === 0) return;
    const fields = line.split(',');
    if (fields.length !== csvHeader.length) return c.add('(row)', `expected ${csvHeader.length} fields, found ${fields.length}`, lineNo);
    first ??= fields;
    for (const k of [0, 1, 2, 3]) {
      if (fields[k] !== first[k]) c.add(csvHeader[k] ?? '', `"${fields[k]}" differs from the first row's "${first[k]}"`, lineNo);
    }
    const month = fields[4] ?? '';
    if (!monthPattern.test(month)) return c.add('month', `"${month}" is not a YYYY-MM month`, lineNo);
    const q = quantity(c, fields[5], 'quantity', lineNo);
    if (q !== null) {
      months.push({ month, quantity: q, quantityValue: Number(q) });
      monthLines.push(lineNo);
    }
  });
  const row: readonly string[] = first ?? [];
  const firm = row[0] ?? '';
  const product = row[1] ?? '';
  if (first !== null && firm.trim().length === 0) c.add('firm', 'is empty', 2);
  if (first !== null && !rootPattern.test(product)) c.add('product', `"${product}" is not a product root (1-6 of A-Z 0-9)`, 2);
  const role: HedgeRole | null = first === null ? null : oneOf(c, row[2] ?? '', 'role', hedgeRoles, 2);
  const planDate = first === null ? null : date(c, row[3] ?? '', 'plan_date', 2);
  checkMonths(c, months, planDate, monthLines, () => 'month');
  if (c.problems.length > 0 || role === null || planDate === null) return { ok: false, problems: c.problems };
  const rounding: ContractRounding = 'half_even';
  return {
    ok: true,
    value: { file, firm, description: '', product, role, planDate, rounding, historyFrom: null, months, ownPrice: null },
  };
}
