/**
 * Public surface of the kernel: units, decimals, assertions, limits, reject codes, prng, the
 * in-flight map. Imports nothing outside kernel.
 */
export { assert, unreachable, InvariantViolation } from './assert.ts';
export { ticks, lots, minor, notionalMinor } from './units.ts';
export type { Ticks, Lots, Minor } from './units.ts';
export { parseDecimal, parseStep, parseSteps, formatSteps, formatScaled } from './decimal.ts';
export type { ScaledDecimal, DecimalResult } from './decimal.ts';
export { limits } from './limits.ts';
export { rejectCodeList, rejectCode, rejectEntry } from './reject-codes.ts';
export type { RejectCode, RejectName, RejectCodeEntry } from './reject-codes.ts';
export { Prng } from './prng.ts';
export { sha256Hex, sha256Bytes, utf8Bytes } from './sha256.ts';
export { InFlightMap } from './in-flight-map.ts';
