/**
 * The one ordered list of business rejection codes.
 *
 * Ranges per stage: 1xxx request, 2xxx contract, 3xxx order, 4xxx risk, 5xxx matching,
 * 6xxx clearing. A code is never reused or renumbered once published; retired codes
 * stay in the list with `retired: true`. Names are snake_case and stable; they appear
 * in API bodies as `reason`.
 */

export const rejectCodeList = [
  // 1xxx request: the command itself is malformed
  { code: 1001, name: 'malformed_command', text: 'the command is not well formed' },
  { code: 1002, name: 'field_missing', text: 'a required field is missing' },
  { code: 1003, name: 'field_invalid', text: 'a field has an invalid value' },
  { code: 1004, name: 'account_invalid', text: 'the account name is missing or invalid' },
  { code: 1005, name: 'client_order_id_invalid', text: 'the client order id is empty, too long or has bad characters' },
  // 11xx request, answered by the API gateway before a command exists
  { code: 1101, name: 'auth_missing', text: 'the request is not signed' },
  { code: 1102, name: 'auth_invalid', text: 'the key or the signature is not valid' },
  { code: 1103, name: 'auth_stale', text: 'the signed timestamp is too far from the server clock' },
  { code: 1104, name: 'auth_replayed', text: 'this signature was used before' },
  { code: 1105, name: 'forbidden', text: 'the key\'s role may not do this' },
  { code: 1106, name: 'rate_limited', text: 'the key is over its rate limit' },
  { code: 1107, name: 'body_too_large', text: 'the request body is over the size limit' },
  { code: 1108, name: 'route_not_found', text: 'no such route' },
  { code: 1109, name: 'media_type_unsupported', text: 'the body is not JSON' },
  { code: 1110, name: 'unavailable', text: 'the exchange cannot take commands now' },
  { code: 1111, name: 'internal_error', text: 'an unexpected error; nothing was changed' },
  { code: 1112, name: 'not_logged_in', text: 'the WebSocket session has not logged in' },
  // 12xx request, hedging analytics (exposure and price-history inputs)
  { code: 1201, name: 'exposure_invalid', text: 'the exposure file is not valid (file, field and reason in the message)' },
  { code: 1202, name: 'price_history_invalid', text: 'the price history is not valid (file, line and reason in the message)' },
  { code: 1203, name: 'hedge_history_too_short', text: 'too few price changes overlap the benchmark to estimate a hedge ratio' },
  { code: 1204, name: 'hedge_product_unknown', text: 'no product with that root, or its benchmark is unknown' },
  // 2xxx contract: the instrument
  { code: 2001, name: 'unknown_instrument', text: 'no instrument has that symbol' },
  { code: 2002, name: 'instrument_exists', text: 'an instrument with that symbol is already listed' },
  { code: 2003, name: 'instrument_invalid', text: 'the instrument definition is invalid' },
  { code: 2004, name: 'market_halted', text: 'trading in the instrument is halted or paused; cancels only' },
  { code: 2005, name: 'market_closed', text: 'the instrument is not in a session that accepts orders' },
  { code: 2006, name: 'instrument_expired', text: 'the contract is past its last trading day, expired or settled' },
  { code: 2007, name: 'lifecycle_transition_invalid', text: 'the lifecycle command is not valid in the instrument\'s state' },
  { code: 2008, name: 'block_qty_below_minimum', text: 'the block trade quantity is below the product\'s block minimum' },
  // 3xxx order: the order's own fields
  { code: 3001, name: 'price_not_on_tick', text: 'the price is not a multiple of the tick size' },
  { code: 3002, name: 'price_out_of_range', text: 'the price is outside the instrument\'s price range' },
  { code: 3003, name: 'price_missing', text: 'this order type needs a price' },
  { code: 3004, name: 'price_not_allowed', text: 'this order type takes no limit price' },
  { code: 3005, name: 'qty_not_positive', text: 'the quantity must be positive' },
  { code: 3006, name: 'qty_not_on_lot', text: 'the quantity is not a multiple of the lot size' },
  { code: 3007, name: 'qty_above_max', text: 'the quantity is above the maximum order size' },
  { code: 3008, name: 'duplicate_client_order_id', text: 'a working order of this account already has this client order id' },
  { code: 3009, name: 'expiry_missing', text: 'a GTD order needs an expiry instant' },
  { code: 3010, name: 'expiry_in_past', text: 'the GTD expiry instant is not in the future' },
  { code: 3011, name: 'expiry_not_allowed', text: 'only GTD orders take an expiry instant' },
  { code: 3012, name: 'display_qty_invalid', text: 'the display quantity must be positive and at most the order quantity' },
  { code: 3013, name: 'min_qty_invalid', text: 'the minimum quantity must be positive and at most the order quantity' },
  { code: 3014, name: 'stop_price_missing', text: 'a stop order needs a stop price' },
  { code: 3015, name: 'stop_price_not_allowed', text: 'only stop orders take a stop price' },
  { code: 3016, name: 'stop_price_would_trigger', text: 'the stop price is already reached by the last trade price' },
  { code: 3017, name: 'tif_not_allowed', text: 'the time in force is not allowed for this order type' },
  { code: 3018, name: 'option_not_allowed', text: 'the option is not allowed for this order type or time in force' },
  { code: 3019, name: 'unknown_order', text: 'no working order of this account has that id' },
  { code: 3020, name: 'replace_qty_not_above_filled', text: 'the new quantity must be above the quantity already filled' },
  { code: 3021, name: 'replace_no_change', text: 'the replace request changes nothing' },
  { code: 3022, name: 'stp_group_invalid', text: 'the self-trade prevention group is out of range' },
  { code: 3023, name: 'working_orders_limit', text: 'the account has reached its limit of working orders in this book' },
  // 4xxx risk: pre-trade checks (price bands, position limits, kill switch)
  { code: 4001, name: 'price_outside_daily_limit', text: 'the price is outside the day\'s price limits' },
  { code: 4002, name: 'price_outside_band', text: 'the price is outside the band around the reference price' },
  { code: 4003, name: 'position_limit_exceeded', text: 'the order would take the position beyond a position limit' },
  // 5xxx matching: outcomes that depend on the book
  { code: 5001, name: 'fok_not_fillable', text: 'the fill-or-kill order cannot be filled in full now' },
  { code: 5002, name: 'post_only_would_take', text: 'the post-only order would take liquidity' },
  { code: 5003, name: 'no_liquidity', text: 'there is no opposite side to price a market order against' },
  { code: 5004, name: 'min_qty_not_met', text: 'the minimum quantity cannot be filled now' },
  { code: 5005, name: 'book_full', text: 'the book has reached its limit of working orders or price levels' },
  { code: 5006, name: 'order_not_allowed_in_auction', text: 'market, IOC, FOK and minimum-quantity orders cannot wait for an auction' },
  // 6xxx clearing
  { code: 6001, name: 'clearing_account_unknown', text: 'the account is not known to the clearing house' },
  { code: 6002, name: 'clearing_account_exists', text: 'a clearing account with that id already exists' },
  { code: 6003, name: 'clearing_member_unknown', text: 'no clearing member has that id' },
  { code: 6004, name: 'currency_unknown', text: 'the clearing house does not hold collateral in that currency' },
  { code: 6005, name: 'amount_not_positive', text: 'the amount must be a positive number of minor units' },
  { code: 6006, name: 'withdrawal_exceeds_excess', text: 'the withdrawal is larger than the collateral in excess of initial margin' },
  { code: 6007, name: 'margin_insufficient', text: 'collateral would not cover initial margin (working orders at worst case)' },
  { code: 6008, name: 'settlement_already_run', text: 'this settlement cycle has already been run for that date' },
  { code: 6009, name: 'settlement_price_missing', text: 'a contract with open positions has no settlement price for the cycle' },
  { code: 6010, name: 'settlement_date_out_of_order', text: 'the settlement date is before the last settled date' },
  { code: 6011, name: 'account_in_default', text: 'the account is in default; only the clearing house acts on it' },
  { code: 6012, name: 'instrument_not_cleared', text: 'the instrument is not registered with the clearing house' },
  { code: 6013, name: 'contract_final_settled', text: 'the contract has had its final settlement' },
] as const;

export type RejectCodeEntry = (typeof rejectCodeList)[number];
export type RejectName = RejectCodeEntry['name'];
export type RejectCode = RejectCodeEntry['code'];

const byName = new Map<string, RejectCodeEntry>(rejectCodeList.map((entry) => [entry.name, entry]));
const byCode = new Map<number, RejectCodeEntry>(rejectCodeList.map((entry) => [entry.code, entry]));

export function rejectCode(name: RejectName): RejectCode {
  const entry = byName.get(name);
  if (entry === undefined) throw new Error(`unknown reject name ${name}`);
  return entry.code;
}

export function rejectEntry(code: number): RejectCodeEntry | undefined {
  return byCode.get(code);
}
