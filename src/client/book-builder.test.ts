/** Unit tests of the SDK's book builder, decimal order, CRC32 and signing against Node's own implementations. */
import { createHmac } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookBuilder, compareDecimal, isZero } from './book-builder.ts';
import { crc32 } from './crc32.ts';
import { signRequest } from './signing.ts';
import type { BookSnapshotMessage, BookUpdateMessage } from './types.ts';

const snapshot = (seq: number, bids: string[][], asks: string[][], checksum?: number): BookSnapshotMessage => {
  const message = { type: 'book.snapshot', channel: 'book.X', symbol: 'X', seq, bids, asks, checksum: 0 } as BookSnapshotMessage;
  const builder = new BookBuilder('X');
  builder.applySnapshot({ ...message, checksum: undefined as unknown as number });
  return { ...message, checksum: checksum ?? builder.checksum() };
};

const update = (seq: number, prevSeq: number, bids: string[][], asks: string[][]): BookUpdateMessage =>
  ({ type: 'book.update', channel: 'book.X', symbol: 'X', seq, prevSeq, bids, asks }) as unknown as BookUpdateMessage;

describe('BookBuilder', () => {
  it('applies a snapshot and updates, deleting levels at zero and keeping price order', () => {
    const book = new BookBuilder('X');
    expect(
      book.applySnapshot(
        snapshot(
          5,
          [
            ['10.00', '1'],
            ['9.50', '2'],
          ],
          [['10.50', '3']],
        ),
      ),
    ).toBe('ok');
    expect(
      book.applyUpdate(
        update(
          7,
          5,
          [
            ['9.75', '4'],
            ['10.00', '0'],
          ],
          [
            ['10.25', '1'],
            ['10.50', '5'],
          ],
        ),
      ),
    ).toBe('ok');
    expect(book.bids()).toEqual([
      ['9.75', '4'],
      ['9.50', '2'],
    ]);
    expect(book.asks()).toEqual([
      ['10.25', '1'],
      ['10.50', '5'],
    ]);
    expect(book.seq).toBe(7);
  });

  it('reports a gap when prevSeq is not the held seq, and waits for a snapshot', () => {
    const book = new BookBuilder('X');
    expect(book.applyUpdate(update(2, 1, [], []))).toBe('no_snapshot');
    book.applySnapshot(snapshot(5, [['1', '1']], []));
    expect(book.applyUpdate(update(9, 8, [['2', '1']], []))).toBe('gap');
    expect(book.ready).toBe(false);
    expect(book.applyUpdate(update(10, 9, [], []))).toBe('no_snapshot');
  });

  it('verifies checksums', () => {
    const book = new BookBuilder('X');
    expect(book.applySnapshot(snapshot(1, [['1.00', '1']], [['2.00', '1']], 12345))).toBe('checksum_mismatch');
    expect(book.ready).toBe(false);
  });
});

describe('decimals and hashes', () => {
  it('compares decimals exactly', () => {
    expect(compareDecimal('10.00', '9.999')).toBe(1);
    expect(compareDecimal('-1.5', '-1.25')).toBe(-1);
    expect(compareDecimal('0.10', '0.1')).toBe(0);
    expect(compareDecimal('-0', '0')).toBe(0);
    expect(isZero('0.000')).toBe(true);
    expect(isZero('0.001')).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -1e9, max: 1e9 }), (a, b) => {
        const text = (n: number) => (n / 1000).toFixed(3);
        expect(compareDecimal(text(a), text(b))).toBe(Math.sign(a - b));
      }),
    );
  });

  it('computes the CRC32 that zlib computes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(crc32(text)).toBe(zlibCrc32(text) >>> 0);
      }),
    );
  });

  it('signs as node:crypto HMAC-SHA256 does', async () => {
    const expected = createHmac('sha256', 'secret').update('1700000000000POST/v1/orders{"a":1}').digest('hex');
    expect(await signRequest('secret', '1700000000000', 'post', '/v1/orders', '{"a":1}')).toBe(expected);
  });
});
