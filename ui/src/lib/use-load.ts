/**
 * One asynchronous read for a component: runs `load` when its inputs change, keeps the
 * latest answer or error, and drops answers that arrive after the inputs changed again.
 */
import { useEffect, useState } from 'react';
import { errorText } from './format.ts';

export type Loaded<T> =
  { readonly status: 'loading' } | { readonly status: 'ok'; readonly value: T } | { readonly status: 'error'; readonly error: string };

export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    load().then(
      (value) => live && setState({ status: 'ok', value }),
      (error: unknown) => live && setState({ status: 'error', error: errorText(error) }),
    );
    return () => {
      live = false;
    };
    // `inputs` stand for everything `load` reads.
  }, inputs);
  return state;
}
