/**
 * The journal's binary frame (journal format 3): one appended batch of sequenced
 * commands as one compact byte string, decoded several times faster than JSON.
 *
 * Layout (all integers LEB128 varints unless noted):
 *   byte     frame version (1)
 *   count    commands in the frame
 *   tsMs     time of the first command
 *   table    the frame's string table (string-table.ts)
 *   then per command: tsMs minus the previous command's tsMs (>= 0; 0 for the first),
 *   the encoding tag, and the body of that encoding.
 * Seqs are not stored: the frame holds `firstSeq .. firstSeq + count - 1`, and the
 * store keeps `firstSeq` beside it.
 *
 * Encodings: tag 0 is the generic encoding, the command's exact JSON text as UTF-8
 * (command-codec.ts: the same acceptance and refusals as the JSON journal of format
 * 2), used for every command type without a specialised encoding (listings, clearing
 * and contract commands, any type added later) and for any command a specialised
 * encoding cannot reproduce exactly (a field out of order, an unknown field, a value
 * of an unexpected kind). Tags 1-5 are the specialised encodings of the order-flow
 * commands (order-encodings.ts, cancel-encodings.ts), which hold nearly all of a
 * journal.
 *
 * Adding a specialised encoding for a new command type: write its `CommandEncoding`
 * (encoding-kit.ts explains the exactness rule) with the next free tag, add it to
 * `specialisedEncodings` below, and extend the round-trip property test. Tags are
 * never reused or renumbered and a released layout never changes: a new layout of an
 * existing type gets a new tag, and its old tag stays readable. Frames written before
 * the new encoding existed keep their generic bodies, which stay readable forever.
 *
 * Complexity: O(batch) both ways; decoding allocates the commands, their entries and
 * one string per distinct string of the frame.
 */
import type { EngineCommand } from '../../core/engine/index.ts';
import { encodeCommand, checkDecoded } from '../command-codec.ts';
import type { SequencedCommand } from '../ports.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { cancelOrderEncoding, expireOrdersEncoding, massCancelEncoding } from './cancel-encodings.ts';
import { CorruptFrameError, type CommandEncoding } from './encoding-kit.ts';
import { replaceOrderEncoding, submitOrderEncoding } from './order-encodings.ts';
import { StringTableWriter, readStringTable } from './string-table.ts';

export { CorruptFrameError } from './encoding-kit.ts';

export const frameVersion = 1;
export const genericTag = 0;

/** Every specialised encoding, by tag. Tags are frozen: append only. */
export const specialisedEncodings: readonly CommandEncoding[] = [
  submitOrderEncoding,
  cancelOrderEncoding,
  replaceOrderEncoding,
  massCancelEncoding,
  expireOrdersEncoding,
];

const byType = new Map<unknown, CommandEncoding>(specialisedEncodings.map((encoding) => [encoding.type, encoding]));
const byTag: (CommandEncoding | undefined)[] = [];
for (const encoding of specialisedEncodings) byTag[encoding.tag] = encoding;

/** Encodes frames; keeps its buffers between calls, so use one per journal (not shared between concurrent users). */
export class FrameEncoder {
  private readonly body = new ByteWriter();
  private readonly out = new ByteWriter();
  private readonly strings = new StringTableWriter();
  /** Commands of the last frame stored with the generic encoding (for tests and diagnostics). */
  genericCommands = 0;

  /**
   * The frame of a non-empty `batch` whose seqs and times `checkBatch` accepted, as a
   * view valid until the next call. Throws `invalid_batch` (StoreError) for a command
   * the generic encoding refuses.
   */
  encode(batch: readonly SequencedCommand[]): Buffer {
    const { body, out, strings } = this;
    body.reset();
    strings.reset();
    this.genericCommands = 0;
    let previousTsMs = batch[0]!.tsMs;
    for (const entry of batch) {
      body.uint(entry.tsMs - previousTsMs);
      previousTsMs = entry.tsMs;
      this.command(entry.command, entry.seq);
    }
    out.reset();
    out.byte(frameVersion);
    out.uint(batch.length);
    out.uint(batch[0]!.tsMs);
    strings.write(out);
    out.append(body);
    return out.view();
  }

  private command(command: EngineCommand, seq: number): void {
    const { body } = this;
    const encoding = typeof command === 'object' && command !== null ? byType.get(command.type) : undefined;
    if (encoding !== undefined) {
      const start = body.length;
      body.uint(encoding.tag);
      if (encoding.encode(command, body, this.strings)) return;
      body.length = start;
    }
    const json = encodeCommand(command, seq);
    this.genericCommands++;
    body.uint(genericTag);
    body.uint(Buffer.byteLength(json, 'utf8'));
    body.utf8(json);
  }
}

/** The commands of a frame holding `firstSeq .. lastSeq`; throws CorruptFrameError when it is not such a frame. */
export function decodeFrame(bytes: Buffer, firstSeq: number, lastSeq: number): SequencedCommand[] {
  const input = new ByteReader(bytes);
  const version = input.byte();
  if (version !== frameVersion) throw new CorruptFrameError(`frame version ${version}, this build reads ${frameVersion}`);
  const count = input.uint();
  if (count !== lastSeq - firstSeq + 1) throw new CorruptFrameError(`${count} commands in a frame of seqs ${firstSeq}..${lastSeq}`);
  let tsMs = input.uint();
  const strings = readStringTable(input, bytes.length);
  if (strings === null) throw new CorruptFrameError('malformed string table');
  const entries = new Array<SequencedCommand>(count);
  for (let i = 0; i < count; i++) {
    tsMs += input.uint();
    const tag = input.uint();
    const seq = firstSeq + i;
    const command = tag === genericTag ? decodeGeneric(input, seq) : decoderOf(tag).decode(input, strings);
    entries[i] = { seq, tsMs, command };
  }
  if (!input.done) throw new CorruptFrameError(input.overrun ? 'the frame ends early' : 'bytes after the last command');
  return entries;
}

function decoderOf(tag: number): CommandEncoding {
  const encoding = byTag[tag];
  if (encoding === undefined) throw new CorruptFrameError(`unknown encoding tag ${tag}`);
  return encoding;
}

function decodeGeneric(input: ByteReader, seq: number): EngineCommand {
  const text = input.text('utf8', input.uint());
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptFrameError(`seq ${seq}: generic body is not JSON: ${(error as Error).message}`);
  }
  try {
    return checkDecoded(value, seq);
  } catch (error) {
    throw new CorruptFrameError((error as Error).message);
  }
}
