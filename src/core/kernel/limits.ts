/**
 * Every collection and every number the core accepts has a named upper bound.
 *
 * The limits are enforced where data enters (validation rejects, or an assert where
 * exceeding one would mean a bug). Typed arrays in the order book are sized from
 * these, so `Int32` storage is safe for anything that passed validation.
 */
export const limits = {
  /** Digits in a decimal string on the wire, integer and fraction together. */
  decimalDigitsMax: 30,
  /** Absolute bound on a price in ticks (stored in Int32Array). */
  priceTicksAbsMax: 2_000_000_000,
  /** Bound on any order quantity in lots (stored in Int32Array); instruments set lower ones. */
  orderQtyLotsMax: 1_000_000_000,
  /** Length of a client order id. */
  clientOrderIdLengthMax: 64,
  /** Length of an account name and of a symbol. */
  accountNameLengthMax: 64,
  symbolLengthMax: 32,
  /** Instruments one matching engine holds. */
  instrumentsMax: 10_000,
  /** Distinct accounts one matching engine has seen. */
  accountsMax: 10_000_000,
  /** Working orders (resting plus pending stops) in one book. */
  workingOrdersPerBookMax: 8_000_000,
  /** Working orders per account in one book. */
  workingOrdersPerAccountMax: 1_000_000,
  /** Distinct price levels on one side of one book. */
  priceLevelsPerSideMax: 1_000_000,
  /** STP group id bound (0 means "no group"). */
  stpGroupMax: 2_000_000_000,
  /** Largest expiry instant accepted for GTD orders (year 2286). */
  expiryMsMax: 9_999_999_999_999,
} as const;
