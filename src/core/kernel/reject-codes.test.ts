/**
 * The reject code list is append-only and well formed: unique, strictly increasing
 * codes in the range of their stage, unique snake_case names. Published pairs are
 * pinned so that renumbering or reusing a code fails here.
 */
import { describe, expect, it } from 'vitest';
import { rejectCode, rejectCodeList, rejectEntry } from './reject-codes.ts';

/** Stage of a code by its first digit (DESIGN.md section 5). */
const stages: Readonly<Record<number, string>> = {
  1: 'request',
  2: 'contract',
  3: 'order',
  4: 'risk',
  5: 'matching',
  6: 'clearing',
};

/** Every code published so far with its name. Append new ones; never edit or remove a line. */
const published: ReadonlyArray<readonly [number, string]> = [
  [1001, 'malformed_command'],
  [1002, 'field_missing'],
  [1003, 'field_invalid'],
  [1004, 'account_invalid'],
  [1005, 'client_order_id_invalid'],
  [1101, 'auth_missing'],
  [1102, 'auth_invalid'],
  [1103, 'auth_stale'],
  [1104, 'auth_replayed'],
  [1105, 'forbidden'],
  [1106, 'rate_limited'],
  [1107, 'body_too_large'],
  [1108, 'route_not_found'],
  [1109, 'media_type_unsupported'],
  [1110, 'unavailable'],
  [1111, 'internal_error'],
  [1112, 'not_logged_in'],
  [2001, 'unknown_instrument'],
  [2002, 'instrument_exists'],
  [2003, 'instrument_invalid'],
  [2004, 'market_halted'],
  [2005, 'market_closed'],
  [2006, 'instrument_expired'],
  [2007, 'lifecycle_transition_invalid'],
  [2008, 'block_qty_below_minimum'],
  [3001, 'price_not_on_tick'],
  [3002, 'price_out_of_range'],
  [3003, 'price_missing'],
  [3004, 'price_not_allowed'],
  [3005, 'qty_not_positive'],
  [3006, 'qty_not_on_lot'],
  [3007, 'qty_above_max'],
  [3008, 'duplicate_client_order_id'],
  [3009, 'expiry_missing'],
  [3010, 'expiry_in_past'],
  [3011, 'expiry_not_allowed'],
  [3012, 'display_qty_invalid'],
  [3013, 'min_qty_invalid'],
  [3014, 'stop_price_missing'],
  [3015, 'stop_price_not_allowed'],
  [3016, 'stop_price_would_trigger'],
  [3017, 'tif_not_allowed'],
  [3018, 'option_not_allowed'],
  [3019, 'unknown_order'],
  [3020, 'replace_qty_not_above_filled'],
  [3021, 'replace_no_change'],
  [3022, 'stp_group_invalid'],
  [3023, 'working_orders_limit'],
  [4001, 'price_outside_daily_limit'],
  [4002, 'price_outside_band'],
  [4003, 'position_limit_exceeded'],
  [5001, 'fok_not_fillable'],
  [5002, 'post_only_would_take'],
  [5003, 'no_liquidity'],
  [5004, 'min_qty_not_met'],
  [5005, 'book_full'],
  [6001, 'clearing_account_unknown'],
  [6002, 'clearing_account_exists'],
  [6003, 'clearing_member_unknown'],
  [6004, 'currency_unknown'],
  [6005, 'amount_not_positive'],
  [6006, 'withdrawal_exceeds_excess'],
  [6007, 'margin_insufficient'],
  [6008, 'settlement_already_run'],
  [6009, 'settlement_price_missing'],
  [6010, 'settlement_date_out_of_order'],
  [6011, 'account_in_default'],
  [6012, 'instrument_not_cleared'],
  [6013, 'contract_final_settled'],
  [1201, 'exposure_invalid'],
  [1202, 'price_history_invalid'],
  [1203, 'hedge_history_too_short'],
  [1204, 'hedge_product_unknown'],
  [5006, 'order_not_allowed_in_auction'],
];

describe('reject codes', () => {
  const codes = rejectCodeList.map((entry) => entry.code);
  const names = rejectCodeList.map((entry) => entry.name);

  it('are unique and strictly increasing', () => {
    expect(new Set(codes).size).toBe(codes.length);
    codes.slice(1).forEach((code, i) => expect(code).toBeGreaterThan(codes[i] ?? Number.POSITIVE_INFINITY));
  });

  it('each lie in the range of a stage, numbered from x001', () => {
    for (const code of codes) {
      expect(Number.isInteger(code)).toBe(true);
      expect(stages[Math.floor(code / 1000)], `stage of ${code}`).toBeDefined();
      expect(code % 1000, `${code} within its stage`).toBeGreaterThan(0);
    }
  });

  it('have unique snake_case names and a text', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const entry of rejectCodeList) {
      expect(entry.name).toMatch(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/);
      expect(entry.text.length).toBeGreaterThan(0);
    }
  });

  it('keep every published code with its name', () => {
    for (const [code, name] of published) {
      expect(rejectEntry(code)?.name, `code ${code}`).toBe(name);
    }
    // A new code is appended after the last published one of its stage, never in a gap.
    const publishedCodes = new Set(published.map(([code]) => code));
    for (const code of codes.filter((c) => !publishedCodes.has(c))) {
      const lastOfStage = Math.max(0, ...[...publishedCodes].filter((c) => Math.floor(c / 1000) === Math.floor(code / 1000)));
      expect(code, `new code ${code}`).toBeGreaterThan(lastOfStage);
    }
  });

  it('look up by name and by code', () => {
    for (const entry of rejectCodeList) {
      expect(rejectCode(entry.name)).toBe(entry.code);
      expect(rejectEntry(entry.code)).toBe(entry);
    }
    expect(rejectEntry(9999)).toBeUndefined();
    expect(rejectEntry(1000)).toBeUndefined();
  });
});
