/**
 * The book checksum of the WebSocket book channel: CRC32 (unsigned, zlib's polynomial)
 * of the top `bookChecksumDepth` levels as text, level by level, best first, bid before
 * ask: "bidPrice:bidQty:askPrice:askQty:..." (a missing side of a level is left out).
 * Prices and quantities are the wire decimal strings. The client SDK computes the same
 * with its own CRC32 (src/client/crc32.ts), so the two implementations check each other.
 */
import { crc32 } from 'node:zlib';

export const bookChecksumDepth = 10;

export function bookChecksumText(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): string {
  const parts: string[] = [];
  for (let i = 0; i < bookChecksumDepth; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid !== undefined) parts.push(bid[0] ?? '', bid[1] ?? '');
    if (ask !== undefined) parts.push(ask[0] ?? '', ask[1] ?? '');
  }
  return parts.join(':');
}

export function bookChecksum(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): number {
  return crc32(bookChecksumText(bids, asks)) >>> 0;
}
