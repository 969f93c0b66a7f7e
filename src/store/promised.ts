/**
 * Runs synchronous adapter work behind a promise-returning port method.
 *
 * The memory and SQLite adapters do their work synchronously; the ports are async
 * so that networked adapters fit. `promised` turns a throw into a rejected promise
 * (instead of an exception at the call site), without an `async` function that
 * never awaits.
 */
export function promised<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * An async iterable over a synchronous generator: pages are produced on demand, one
 * per `next()`, and a throw while producing one becomes a rejected `next()`.
 */
export function asyncIterableOf<T>(produce: () => Iterator<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let iterator: Iterator<T> | null = null;
      return {
        next: () => promised(() => (iterator ??= produce()).next()),
        return: (value?: unknown) => promised(() => iterator?.return?.(value) ?? { done: true, value: undefined }),
      };
    },
  };
}
