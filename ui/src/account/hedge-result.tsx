/** A hedge plan's answer: the ratio and its fit, contracts per month, margin, effectiveness, notes, and the backtest chart. */
import type { ReactNode } from 'react';
import type { HedgePlan } from '../../../src/client/index.ts';
import { HedgeBacktestChart } from './hedge-backtest-chart.tsx';
import { backtestMonths, boolAt, dictAt, listAt, numberAt, planContracts, textAt } from './plan-reading.ts';

const fixed = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));

export function HedgeResult({ plan }: { readonly plan: HedgePlan }): ReactNode {
  const ratio = plan.ratio;
  const contracts = planContracts(plan.contracts);
  const months = backtestMonths(plan.backtest);
  const regression = dictAt(plan.prospective, 'regression');
  return (
    <div className="hedge-result" data-testid="hedge-result">
      <table className="kv">
        <tbody>
          <tr>
            <th>side</th>
            <td>
              {plan.side} futures ({plan.role})
            </td>
          </tr>
          <tr className="emphasis">
            <th>hedge ratio</th>
            <td>
              {fixed(numberAt(ratio, 'used'))} (95%: {fixed(numberAt(ratio, 'low'))} to {fixed(numberAt(ratio, 'high'))}), R²{' '}
              {fixed(numberAt(ratio, 'rSquared'))}
            </td>
          </tr>
          <tr>
            <th>contracts in all</th>
            <td>{plan.totalContracts}</td>
          </tr>
          <tr>
            <th>variance reduction</th>
            <td>{fixed(numberAt(plan.varianceReduction, 'atRoundedContractsPct'), 1)}%</td>
          </tr>
          <tr>
            <th>initial margin</th>
            <td>{textAt(plan.initialMarginUsd, 'total') ?? '—'} USD</td>
          </tr>
          <tr>
            <th>prospectively effective</th>
            <td>
              {boolAt(regression, 'effective') === true ? 'yes' : 'no'}: {textAt(regression, 'detail') ?? ''}
            </td>
          </tr>
          <tr>
            <th>rebalancing</th>
            <td>{textAt(plan.rebalancing, 'signal') ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      <table className="grid">
        <thead>
          <tr>
            <th>month</th>
            <th>contract</th>
            <th className="num">exposure</th>
            <th className="num">contracts</th>
            <th>listed on the plan date</th>
          </tr>
        </thead>
        <tbody>
          {contracts.map((c) => (
            <tr key={c.month}>
              <td>{c.month}</td>
              <td>{c.symbol}</td>
              <td className="num">{c.quantity}</td>
              <td className="num">{c.contracts}</td>
              <td>{c.listed ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Backtest (walk-forward)</h3>
      {months.length === 0 ? (
        <p className="muted">The history is too short for a backtest.</p>
      ) : (
        <>
          <HedgeBacktestChart months={months} />
          <p className="muted small">
            {months.length} months; variance reduction {fixed(numberAt(plan.backtest, 'varianceReductionPct'), 1)}%; effective:{' '}
            {boolAt(plan.backtest, 'effective') === true ? 'yes' : 'no'}.
          </p>
        </>
      )}
      <ul className="notes">
        {[...plan.notes, ...listAt(plan.backtest, 'notes').filter((n): n is string => typeof n === 'string')].map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}
