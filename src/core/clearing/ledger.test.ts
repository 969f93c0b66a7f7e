/** The ledger refuses an entry that does not balance, and applies nothing of it. */
import { describe, expect, it } from 'vitest';
import { InvariantViolation, minor } from '../kernel/index.ts';
import { Ledger } from './ledger.ts';
import { allocateProRata } from './allocation.ts';

describe('ledger', () => {
  it('posts balanced entries and refuses the rest whole', () => {
    const ledger = new Ledger(['USD', 'EUR']);
    const a = ledger.open('a');
    const b = ledger.open('b');
    ledger.post([
      { account: a, currency: 'USD', amountMinor: minor(5n) },
      { account: b, currency: 'USD', amountMinor: minor(-5n) },
    ]);
    expect(ledger.balance(a, 'USD')).toBe(5n);
    const unbalanced = [
      { account: a, currency: 'USD', amountMinor: minor(5n) },
      { account: b, currency: 'EUR', amountMinor: minor(-5n) },
    ];
    expect(() => ledger.post(unbalanced)).toThrow(InvariantViolation);
    expect(() => ledger.post([{ account: a, currency: 'USD', amountMinor: minor(1n) }])).toThrow(InvariantViolation);
    expect(() => ledger.open('a')).toThrow(InvariantViolation);
    expect(ledger.balance(a, 'USD')).toBe(5n);
    expect(ledger.entryCount).toBe(1);
    expect([...ledger.totals().values()]).toEqual([0n, 0n]);
  });

  it('allocates pro rata to the minor unit, largest remainders first', () => {
    expect(allocateProRata(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(allocateProRata(1_520_000n, [2_000_000n, 1_000_000n])).toEqual([1_013_333n, 506_667n]);
    expect(allocateProRata(0n, [0n])).toEqual([0n]);
  });
});
