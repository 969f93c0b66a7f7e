/** The instrument selector of the trade page: every listed symbol, grouped by product root. */
import type { ReactNode } from 'react';
import type { Instrument } from '../../../src/client/index.ts';

function rootOf(symbol: string): string {
  return symbol.replace(/[FGHJKMNQUVXZ][0-9]{2}$/, '');
}

export function InstrumentPicker(props: {
  readonly instruments: readonly Instrument[];
  readonly symbol: string;
  readonly onSymbol: (symbol: string) => void;
}): ReactNode {
  const roots = [...new Set(props.instruments.map((i) => rootOf(i.symbol)))];
  return (
    <label className="picker">
      instrument
      <select name="symbol" data-testid="symbol-picker" value={props.symbol} onChange={(e) => props.onSymbol(e.target.value)}>
        {roots.map((root) => (
          <optgroup key={root} label={root}>
            {props.instruments
              .filter((i) => rootOf(i.symbol) === root)
              .map((i) => (
                <option key={i.symbol} value={i.symbol}>
                  {i.symbol}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
