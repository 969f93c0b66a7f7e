/**
 * One fixing laid out as the audit trail has it: the value, spot, confidence and chain
 * link; the contributions with their weights; the constituents that entered or left; the
 * anchoring, if the date is an anchoring point; the exclusions with their reasons; and
 * every input with its source line.
 */
import type { ReactNode } from 'react';
import type { BenchmarkFixing } from '../../../src/client/index.ts';

const usd = (x: number | null): string => (x === null ? '—' : x.toFixed(6));
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function Summary({ fixing: f }: { readonly fixing: BenchmarkFixing }): ReactNode {
  return (
    <table className="kv" data-testid="fixing-summary">
      <tbody>
        <tr>
          <th>date</th>
          <td data-testid="fixing-date">{f.date}</td>
        </tr>
        <tr className="emphasis">
          <th>value</th>
          <td data-testid="fixing-value">
            {f.value ?? 'no value'} <span className="muted">{f.unit}</span>
          </td>
        </tr>
        <tr>
          <th>spot (weighted median)</th>
          <td>{f.spotUsd ?? '—'}</td>
        </tr>
        <tr>
          <th>confidence</th>
          <td>{f.confidence}</td>
        </tr>
        <tr>
          <th>contributors / matched</th>
          <td>
            {f.contributorCount} / {f.matchedCount}
          </td>
        </tr>
        <tr>
          <th>input level</th>
          <td>{f.inputLevel ?? '—'}</td>
        </tr>
        <tr>
          <th>chain link ln(value / base)</th>
          <td>{f.link.toFixed(6)}</td>
        </tr>
        <tr>
          <th>outlier reference</th>
          <td>
            {f.outlierReference}
            {f.outlierCenterUsd !== null && ` (${usd(f.outlierCenterUsd)})`}
          </td>
        </tr>
        <tr>
          <th>methodology</th>
          <td>
            {f.methodologyVersion} <code className="muted">{f.methodologyHash.slice(0, 12)}</code>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Changes({ fixing: f }: { readonly fixing: BenchmarkFixing }): ReactNode {
  if (!f.constituentChange && f.entered.length === 0 && f.left.length === 0 && f.anchoring === null) return null;
  return (
    <div className="fixing-changes" data-testid="constituent-changes">
      {f.entered.length > 0 && <p>Entered: {f.entered.join(', ')}</p>}
      {f.left.length > 0 && <p>Left: {f.left.join(', ')}</p>}
      {f.constituentChange && f.entered.length === 0 && f.left.length === 0 && <p>Constituent change on this date.</p>}
      {f.anchoring !== null && (
        <p>
          Anchoring ({f.anchoring.reason}, {f.anchoring.applied ? 'applied' : 'pending'}): {f.anchoring.previousValue ?? '—'} →{' '}
          {f.anchoring.anchorUsd ?? '—'}. {f.anchoring.detail}
        </p>
      )}
    </div>
  );
}

function Contributions({ fixing: f }: { readonly fixing: BenchmarkFixing }): ReactNode {
  return (
    <table className="grid" data-testid="contributions">
      <thead>
        <tr>
          <th>contributor</th>
          <th>model / class</th>
          <th className="num">price</th>
          <th className="num">weight</th>
          <th className="num">previous effective</th>
          <th className="num">effective</th>
        </tr>
      </thead>
      <tbody>
        {f.contributions.map((c) => (
          <tr key={c.key}>
            <td>{c.contributor}</td>
            <td>{c.product}</td>
            <td className="num">{usd(c.priceUsd)}</td>
            <td className="num">{pct(c.weightShare)}</td>
            <td className="num">{usd(c.previousEffectiveUsd)}</td>
            <td className="num">{usd(c.effectiveUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Exclusions({ fixing: f }: { readonly fixing: BenchmarkFixing }): ReactNode {
  if (f.exclusions.length === 0) return <p className="muted">No input was excluded.</p>;
  return (
    <table className="grid" data-testid="exclusions">
      <thead>
        <tr>
          <th>input</th>
          <th>reason</th>
          <th>detail</th>
        </tr>
      </thead>
      <tbody>
        {f.exclusions.map((e) => (
          <tr key={`${e.obsId}${e.reason}`}>
            <td>
              <code>{e.obsId}</code>
            </td>
            <td>{e.reason.replace(/_/g, ' ')}</td>
            <td className="wrap">{e.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function priceOf(input: BenchmarkFixing['inputs'][number]): string {
  if (input.kind === 'token') return `in ${usd(input.inputUsdPerMtok)} / out ${usd(input.outputUsdPerMtok)} per Mtok`;
  return `${usd(input.usdPerHour)} per hour, ${input.gpuCount ?? '?'} GPU, ${input.pricing ?? ''} ${input.offering ?? ''}`;
}

function Inputs({ fixing: f }: { readonly fixing: BenchmarkFixing }): ReactNode {
  return (
    <details>
      <summary>All {f.inputs.length} inputs</summary>
      <table className="grid">
        <thead>
          <tr>
            <th>source</th>
            <th>provider</th>
            <th>product</th>
            <th>observed</th>
            <th>price</th>
            <th>status</th>
          </tr>
        </thead>
        <tbody>
          {f.inputs.map((input) => (
            <tr key={input.obsId} className={input.excluded === null ? '' : 'muted'}>
              <td>
                <code>{input.obsId}</code>
              </td>
              <td>{input.provider}</td>
              <td>{input.product}</td>
              <td>{input.observedDate}</td>
              <td>{priceOf(input)}</td>
              <td>{input.excluded?.replace(/_/g, ' ') ?? 'counted'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function FixingView({ fixing }: { readonly fixing: BenchmarkFixing }): ReactNode {
  return (
    <div className="fixing" data-testid="fixing">
      <Summary fixing={fixing} />
      <Changes fixing={fixing} />
      <h3>Contributions and weights</h3>
      <Contributions fixing={fixing} />
      <h3>Exclusions</h3>
      <Exclusions fixing={fixing} />
      <Inputs fixing={fixing} />
    </div>
  );
}
