/** The SPAN margin lines per product (`GET /v1/margin`): scan risk, spread charge, initial and maintenance margin. */
import type { ReactNode } from 'react';
import type { Margin } from '../../../src/client/index.ts';

export function MarginLines({ margin }: { readonly margin: Margin | null }): ReactNode {
  if (margin === null || margin.products.length === 0) return <p className="muted">No margin lines: the account holds no positions.</p>;
  return (
    <table className="grid" data-testid="margin-lines">
      <thead>
        <tr>
          <th>product</th>
          <th className="num">scan risk</th>
          <th className="num">worst scenario</th>
          <th className="num">spreads</th>
          <th className="num">spread charge</th>
          <th className="num">initial</th>
          <th className="num">maintenance</th>
        </tr>
      </thead>
      <tbody>
        {margin.products.map((line) => (
          <tr key={line.root}>
            <td>
              {line.root} <span className="muted">{line.currency}</span>
            </td>
            <td className="num">{line.scanRisk}</td>
            <td className="num">{line.worstScenario}</td>
            <td className="num">{line.spreads}</td>
            <td className="num">{line.spreadCharge}</td>
            <td className="num">{line.initialMargin}</td>
            <td className="num">{line.maintenanceMargin}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
