/**
 * The one rounding rule for published benchmark values: half-even to a power of ten,
 * computed exactly from the binary value of the double (no double rounding).
 *
 * A finite double is m * 2^e exactly; scaled by 10^places it is a rational whose
 * quotient and remainder are computed in bigint, and the remainder decides the
 * rounding (ties to the even neighbour). The result is a decimal string with exactly
 * `places` decimals, so serialized output is byte-deterministic. O(places + 64).
 */
import { assert, formatScaled } from '../kernel/index.ts';

/** Decimals of published values: 1e-6 USD. */
export const publishedPlaces = 6;
/** Decimals of internal effective prices kept in the chain state: 1e-9 USD. */
export const statePlaces = 9;

/** `value` rounded half-even to `places` decimals, as a decimal string. */
export function roundHalfEven(value: number, places: number): string {
  return formatScaled({ mantissa: roundedMantissa(value, places), scale: places });
}

/** Below this scaled magnitude a double product is within 2^-10 of the exact one. */
const fastScaledMax = 2 ** 43;

/**
 * `value` rounded half-even to `places` decimals, back as a number (for chain state).
 * Fast path: when value x 10^places is small and clearly not near a tie, Math.floor
 * decides exactly, and n / 10^places is the same double as the decimal string would
 * parse to (both are the correctly rounded value of n x 10^-places). Zero is always +0,
 * as the decimal string parses (a -0 input must not round-trip as -0).
 */
export function roundHalfEvenNumber(value: number, places: number): number {
  const scale = 10 ** places;
  const scaled = value * scale;
  if (Number.isFinite(scaled) && Math.abs(scaled) < fastScaledMax) {
    const floor = Math.floor(scaled);
    const fraction = scaled - floor;
    // `+ 0` turns -0 (from Math.floor(-0)) into +0: the decimal string has no negative zero.
    if (Math.abs(fraction - 0.5) > 0.002) return (fraction > 0.5 ? floor + 1 : floor) / scale + 0;
  }
  return Number(roundHalfEven(value, places));
}

function roundedMantissa(value: number, places: number): bigint {
  assert(Number.isFinite(value), `cannot round ${value}`);
  assert(Number.isInteger(places) && places >= 0 && places <= 20, `places out of range: ${places}`);
  if (value === 0) return 0n;
  const negative = value < 0;
  const { mantissa, exponent } = decompose(Math.abs(value));
  const scale = 10n ** BigInt(places);
  let numerator = mantissa * scale;
  let denominator = 1n;
  if (exponent >= 0) numerator <<= BigInt(exponent);
  else denominator <<= BigInt(-exponent);
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  let rounded = quotient;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) rounded += 1n;
  return negative ? -rounded : rounded;
}

/** A positive finite double as mantissa * 2^exponent, both exact. */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}
