/**
 * The single-writer rule of the memory adapters: a medium (standing in for a file) is
 * held by at most one open adapter, as the SQLite adapters' exclusive file lock does.
 */
import { StoreError } from './ports.ts';

export interface LockableMedium {
  locked: boolean;
}

export class WriterLease {
  private held = false;
  private readonly medium: LockableMedium;
  private readonly what: string;

  constructor(medium: LockableMedium, what: string) {
    this.medium = medium;
    this.what = what;
  }

  get isOpen(): boolean {
    return this.held;
  }

  /** Takes the medium; idempotent; `locked` when another adapter holds it. */
  take(): void {
    if (this.held) return;
    if (this.medium.locked) throw new StoreError('locked', `the ${this.what} is open by another writer`);
    this.medium.locked = true;
    this.held = true;
  }

  /** Gives the medium back; idempotent. */
  give(): void {
    if (!this.held) return;
    this.held = false;
    this.medium.locked = false;
  }
}
