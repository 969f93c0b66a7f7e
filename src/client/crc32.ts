/**
 * CRC32 (IEEE 802.3, zlib's polynomial 0xEDB88320) of a string's UTF-8 bytes, for the
 * book checksum. Table-driven; an own implementation so the SDK needs neither Node nor
 * a package. Complexity O(length).
 */

const table = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c >>> 0;
}

const encoder = new TextEncoder();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of encoder.encode(text)) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
