/** A failed load, shown where its data would be. */
import type { ReactNode } from 'react';

export function ErrorNote({ error }: { readonly error: string | null }): ReactNode {
  if (error === null) return null;
  return (
    <p className="error-note" role="alert">
      {error}
    </p>
  );
}
