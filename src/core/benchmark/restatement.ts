/**
 * Restatement: an explicit, audited event that republishes one fixing from corrected
 * inputs and keeps the original untouched beside it.
 *
 * The restated fixing is recomputed with the same methodology and the same previous
 * chain state as the original, so the only difference is the corrected inputs. Later
 * fixings are not changed by this event; each needs its own restatement (policy in
 * docs/methodology/README.md, "Restatements"). O(fixing).
 */
import { assert } from '../kernel/index.ts';
import { isCivilDate } from './civil-date.ts';
import { computeFixing } from './fixing.ts';
import type { Fixing, FixingInput, Methodology } from './types.ts';

export interface Restatement {
  readonly type: 'restatement';
  readonly benchmarkId: string;
  readonly date: string;
  readonly decidedOn: string;
  readonly reason: string;
  readonly originalValue: string | null;
  readonly restatedValue: string | null;
  readonly original: Fixing;
  readonly restated: Fixing;
}

export function restateFixing(args: {
  readonly methodology: Methodology;
  readonly methodologyHash: string;
  readonly original: Fixing;
  readonly correctedInputs: readonly FixingInput[];
  readonly reason: string;
  readonly decidedOn: string;
}): Restatement {
  const { original } = args;
  assert(args.reason.trim().length > 0, 'a restatement states its reason');
  assert(isCivilDate(args.decidedOn) && args.decidedOn >= original.date, 'a restatement is decided on or after the fixing date');
  assert(original.methodologyHash === args.methodologyHash, 'a restatement uses the methodology of the original fixing');
  const restated = computeFixing({
    methodology: args.methodology,
    methodologyHash: args.methodologyHash,
    date: original.date,
    inputs: args.correctedInputs,
    previous: original.previous,
  });
  return {
    type: 'restatement',
    benchmarkId: original.benchmarkId,
    date: original.date,
    decidedOn: args.decidedOn,
    reason: args.reason,
    originalValue: original.value,
    restatedValue: restated.value,
    original,
    restated,
  };
}
