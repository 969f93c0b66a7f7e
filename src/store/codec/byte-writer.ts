/**
 * A growable byte buffer for the journal's binary frames: unsigned varints (LEB128),
 * zigzag varints, single bytes and raw text, appended at `length`.
 *
 * Varints are exact for every integer in 0..2^53-1 (Number.MAX_SAFE_INTEGER): values
 * below 2^31 take the bit-operation path, larger ones are split with arithmetic.
 * Callers check ranges before writing (the frame codec falls back to its generic
 * encoding when a value does not fit); the writer itself asserts nothing per byte.
 *
 * One writer is reused for every frame of a journal (`reset`), so an append allocates
 * only when a frame is larger than any before it.
 *
 * Complexity: amortised O(1) per byte.
 */

export class ByteWriter {
  private buffer: Buffer;
  /** Bytes written so far. */
  length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.length = 0;
  }

  /** The bytes written, as a view (valid until the next write or reset). */
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Makes room for `bytes` more bytes. */
  private room(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  /** An unsigned integer 0..2^53-1 as a LEB128 varint (1 to 8 bytes). */
  uint(value: number): void {
    this.room(8);
    const buffer = this.buffer;
    let at = this.length;
    let rest = value;
    if (rest < 0x80000000) {
      while (rest >= 0x80) {
        buffer[at++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
    } else {
      while (rest >= 0x80) {
        buffer[at++] = (rest % 0x80) | 0x80;
        rest = Math.floor(rest / 0x80);
      }
    }
    buffer[at++] = rest;
    this.length = at;
  }

  /** A signed integer with |value| < 2^52, zigzag-mapped (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...). */
  int(value: number): void {
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** `text` as one byte per UTF-16 code unit; every code unit must be below 256. */
  latin1(text: string): void {
    this.room(text.length);
    this.length += this.buffer.write(text, this.length, 'latin1');
  }

  /** `text` as UTF-16LE, two bytes per code unit: exact for any string, lone surrogates included. */
  utf16(text: string): void {
    this.room(text.length * 2);
    this.length += this.buffer.write(text, this.length, 'utf16le');
  }

  /** `text` as UTF-8; returns the bytes written. Exact only for well-formed text (JSON.stringify output is). */
  utf8(text: string): number {
    this.room(Buffer.byteLength(text, 'utf8'));
    const written = this.buffer.write(text, this.length, 'utf8');
    this.length += written;
    return written;
  }

  /** Appends the bytes of `other`. */
  append(other: ByteWriter): void {
    this.room(other.length);
    other.buffer.copy(this.buffer, this.length, 0, other.length);
    this.length += other.length;
  }
}
