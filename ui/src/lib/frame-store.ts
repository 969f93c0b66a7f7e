/**
 * A value that React components read with useSyncExternalStore, with its change
 * notifications coalesced to at most one per animation frame: `set` may run a thousand
 * times a second (book updates), the listeners run once before the next paint with the
 * latest value. `setNow` notifies at once (for rare changes such as a login).
 * The value is replaced, never mutated, so React sees each change. O(1) per set.
 */
import { useSyncExternalStore } from 'react';

export class FrameStore<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();
  private frame: number | null = null;

  constructor(initial: T) {
    this.value = initial;
  }

  get = (): T => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Replaces the value; listeners run on the next animation frame. */
  set(next: T): void {
    this.value = next;
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      this.notify();
    });
  }

  /** Replaces the value and notifies now. */
  setNow(next: T): void {
    this.value = next;
    this.notify();
  }

  /** Recomputes the value on the next frame only (many `mark`s, one `compute`). */
  markDirty(compute: () => T): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      this.value = compute();
      this.notify();
    });
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.listeners.clear();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

export function useFrameStore<T>(store: FrameStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}
