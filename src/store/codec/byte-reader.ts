/**
 * Reads what ByteWriter wrote: bytes, LEB128 varints, zigzag varints, text.
 *
 * Reading past the end does not throw on every byte (that check would cost more than
 * the decoding): a truncated frame reads zeros, and the frame decoder checks
 * `overrun` once at the end and reports the frame as corrupt. A varint longer than 8
 * bytes (more than 2^56) is cut off and also marks the reader overrun, so a corrupt
 * frame can never make a loop run long or yield an inexact number silently.
 *
 * Complexity: O(1) per value, O(length) for text.
 */

export class ByteReader {
  private readonly bytes: Buffer;
  /** Position of the next byte. */
  at: number;
  private readonly end: number;
  private broken = false;

  constructor(bytes: Buffer, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
  }

  /** True when a read went past the end or met an over-long varint. */
  get overrun(): boolean {
    return this.broken || this.at > this.end;
  }

  /** True when every byte was read, and no more. */
  get done(): boolean {
    return !this.broken && this.at === this.end;
  }

  byte(): number {
    return this.bytes[this.at++] ?? 0;
  }

  uint(): number {
    const bytes = this.bytes;
    let b = bytes[this.at++] ?? 0;
    if (b < 0x80) return b;
    let value = b & 0x7f;
    let scale = 0x80;
    for (let i = 1; i < 8; i++) {
      b = bytes[this.at++] ?? 0;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
    this.broken = true;
    return 0;
  }

  int(): number {
    const zigzag = this.uint();
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  /** `length` bytes as text in `encoding`. */
  text(encoding: 'latin1' | 'utf16le' | 'utf8', length: number): string {
    const start = this.at;
    this.at += length;
    if (this.at > this.end) return '';
    return this.bytes.toString(encoding, start, this.at);
  }
}
