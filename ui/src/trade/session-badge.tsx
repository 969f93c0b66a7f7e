/**
 * The instrument's session state beside the picker: open, pre-open, halted (with the
 * reason), closed; with the price band and today's limits in its title.
 */
import type { ReactNode } from 'react';
import { useInstrumentStatus } from '../market/use-instrument-status.ts';

export function SessionBadge({ symbol }: { readonly symbol: string }): ReactNode {
  const state = useInstrumentStatus(symbol);
  if (state === null || state.session === null) return null;
  const details = [
    state.band === null ? null : `band ${state.band.lower} to ${state.band.upper}`,
    state.limits === null ? null : `limits ${state.limits.lower} to ${state.limits.upper}`,
    state.referencePrice === null ? null : `reference ${state.referencePrice}`,
  ].filter((d): d is string => d !== null);
  const halt = state.session === 'halted' && state.haltReason !== null ? ` (${state.haltReason.replace(/_/g, ' ')})` : '';
  return (
    <span className={`session-badge session-${state.session}`} data-testid="session-badge" title={details.join('; ')}>
      {state.session.replace(/_/g, ' ')}
      {halt}
    </span>
  );
}
