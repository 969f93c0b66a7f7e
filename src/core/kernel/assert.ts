/**
 * Invariant assertions that stay on in production.
 *
 * A failed assertion means the state machine is wrong, not that the input is bad:
 * business rejections are events with reject codes, never exceptions. The process
 * stops and a restart replays the journal (DESIGN.md section 5).
 */

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

/**
 * On hot paths write `if (!(cond)) assert(false, \`...\`)` so a message with
 * interpolations is only built when the assertion fails.
 */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/** Marks a branch the type system proves unreachable. */
export function unreachable(value: never, what: string): never {
  throw new InvariantViolation(`unreachable ${what}: ${String(value)}`);
}
