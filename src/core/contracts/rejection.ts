/**
 * A business rejection from a contracts rule: a stable code from the kernel's one list,
 * its name, and a reason that starts with the field it is about. Same shape as the
 * matching context's `Rejection`, so the engine can emit either in one event type.
 */
import { rejectCode, type RejectCode, type RejectName } from '../kernel/index.ts';

export interface Rejection {
  readonly code: RejectCode;
  readonly name: RejectName;
  readonly reason: string;
}

export function rejection(name: RejectName, reason: string): Rejection {
  return { code: rejectCode(name), name, reason };
}
