/**
 * The string table of one journal frame: every distinct string the frame's specialised
 * commands carry (symbols, accounts, client order ids), stored once and referred to by
 * index, so a symbol repeated a thousand times in a batch is decoded once.
 *
 * Layout: varint count; when count > 0, one byte of text encoding (0: Latin-1, one
 * byte per UTF-16 code unit, used when every code unit is below 256; 1: UTF-16LE,
 * exact for any JavaScript string, lone surrogates included), `count` varint lengths
 * in UTF-16 code units, then the text of all strings back to back. Decoding turns the
 * whole text into one string with a single native call and cuts it with `substring`.
 *
 * Known limit: V8 may keep a short-lived decoded table alive through the substrings
 * cut from it (sliced strings) for as long as one of them lives, for example a client
 * order id of a resting order: at most one frame's text per such string.
 *
 * Complexity: O(total text) both ways; a reference costs one Map lookup when encoding
 * and one array read when decoding.
 */
import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';

/** A UTF-16 code unit that does not fit in one byte (surrogates included). */
const wideUnit = /[\u0100-\uffff]/;

export const textEncodings = ['latin1', 'utf16le'] as const;

export class StringTableWriter {
  private readonly index = new Map<string, number>();
  private readonly strings: string[] = [];

  reset(): void {
    this.index.clear();
    this.strings.length = 0;
  }

  /** The index of `text` in this frame's table, adding it if new. */
  ref(text: string): number {
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(text);
      this.index.set(text, at);
    }
    return at;
  }

  write(out: ByteWriter): void {
    const strings = this.strings;
    out.uint(strings.length);
    if (strings.length === 0) return;
    const joined = strings.join('');
    const encoding = wideUnit.test(joined) ? 1 : 0;
    out.byte(encoding);
    for (const text of strings) out.uint(text.length);
    if (encoding === 0) out.latin1(joined);
    else out.utf16(joined);
  }
}

/** The table written by StringTableWriter.write; null when it is malformed. */
export function readStringTable(input: ByteReader, countMax: number): string[] | null {
  const count = input.uint();
  if (count === 0) return [];
  if (count > countMax) return null;
  const encoding = textEncodings[input.byte()];
  if (encoding === undefined) return null;
  const lengths = new Array<number>(count);
  let units = 0;
  for (let i = 0; i < count; i++) {
    const length = input.uint();
    lengths[i] = length;
    units += length;
  }
  if (input.overrun) return null;
  const joined = input.text(encoding, encoding === 'latin1' ? units : units * 2);
  if (input.overrun || joined.length !== units) return null;
  const strings = new Array<string>(count);
  let from = 0;
  for (let i = 0; i < count; i++) {
    const to = from + lengths[i]!;
    strings[i] = joined.substring(from, to);
    from = to;
  }
  return strings;
}
