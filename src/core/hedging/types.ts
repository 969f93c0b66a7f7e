/**
 * The hedging context's vocabulary: a firm's exposure (what it will buy or sell, per
 * month, in the product's quote unit), where its own price comes from, input problems
 * (file, line, field, reason and a reject code), and the rounding rules that turn a
 * hedge ratio into whole contracts.
 *
 * Quantities stay decimal strings as the firm wrote them; `quantity` is their float
 * value for analytics. Nothing here is computed.
 */
import { rejectCode, type RejectName } from '../kernel/index.ts';

export const hedgeRoles = ['buyer', 'seller'] as const;
/** buyer: consumes tokens or GPU-hours (long hedge, buys futures); seller: provides them (short hedge). */
export type HedgeRole = (typeof hedgeRoles)[number];

export const contractRoundings = ['half_even', 'toward_zero'] as const;
/**
 * How ratio x exposure / contract unit becomes whole contracts (`roundContracts`):
 * `half_even`: nearest, ties to the even count (unbiased over many months);
 * `toward_zero`: never hedge more than the ratio says (no over-hedge, the conservative
 * choice under hedge accounting, where an over-hedge is ineffectiveness).
 */
export type ContractRounding = (typeof contractRoundings)[number];

export interface ExposureMonth {
  /** Calendar month "YYYY-MM" of the consumption (or sale). */
  readonly month: string;
  /** Decimal string in the product's quote unit: million blended tokens, or GPU-hours. */
  readonly quantity: string;
  readonly quantityValue: number;
}

export interface TokenRouteSegment {
  /** First day the firm buys through this route. */
  readonly from: string;
  readonly provider: string;
  /** Model key as in the token data (e.g. "gpt-4o", "databricks/databricks-meta-llama-3-70b-instruct"). */
  readonly model: string;
}

/** Where the firm's own price history comes from. */
export type OwnPriceSource =
  /** A CSV file of the firm's prices or invoices (resolved by the adapter, relative to the exposure file). */
  | { readonly kind: 'file'; readonly path: string }
  /** One provider's list price, route by route as the firm migrated, blended at the firm's own input:output mix. */
  | {
      readonly kind: 'token_route';
      readonly blend: { readonly inputParts: number; readonly outputParts: number };
      readonly segments: readonly TokenRouteSegment[];
    }
  /** One cloud's list price per GPU-hour for one instance size, from the GPU price table. */
  | {
      readonly kind: 'gpu_list_price';
      readonly provider: string;
      readonly gpuModel: string;
      readonly gpuCount: number;
      readonly pricing: 'on_demand' | 'spot';
    };

export interface Exposure {
  /** File the exposure was read from (for messages and the documentation pack). */
  readonly file: string;
  readonly firm: string;
  readonly description: string;
  /** Product root, e.g. "TOK", "TOKL", "H100". */
  readonly product: string;
  readonly role: HedgeRole;
  /** Designation date of the hedge: contracts listed on it are used; history up to it is read. */
  readonly planDate: string;
  readonly rounding: ContractRounding;
  /** First day of history used to estimate the ratio (null: all of it). */
  readonly historyFrom: string | null;
  readonly months: readonly ExposureMonth[];
  readonly ownPrice: OwnPriceSource | null;
}

/** One problem with an input file, as precise as the input allows. */
export interface InputProblem {
  readonly file: string;
  /** 1-based line of a CSV file; 0 for a JSON file or the file as a whole. */
  readonly line: number;
  /** Field path ("exposure[2].quantity") or column name. */
  readonly field: string;
  readonly reason: string;
  readonly code: RejectName;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly InputProblem[] };

/** The numbered reject code of a problem (kernel list). */
export function rejectCodeOf(name: RejectName): number {
  return rejectCode(name);
}

export function formatProblem(problem: InputProblem): string {
  const at = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  return `${at}: ${problem.field}: ${problem.reason}`;
}

/** Months an exposure may list (four years ahead is beyond any listed contract). */
export const exposureMonthsMax = 48;
/** Rows a price file may hold (daily prices for 30 years). */
export const priceRowsMax = 11_000;
