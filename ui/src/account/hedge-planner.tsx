/**
 * The hedge planner: a firm's exposure (months and quantities), its product and role,
 * and its own price (derived from the exchange's data, as JSON, or typed in as dated
 * prices) are sent to `POST /v1/hedge/plan` with the backtest; the answer is the plan
 * and its backtest chart. Presets load the three example firms of docs/hedging.md.
 * The form's text is read here only into the request's shape; the rules (months after
 * the plan date, positive quantities, enough history) are the server's, and its refusal
 * is shown with the field it names.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { TokexApiError, type HedgeOwnPrice, type HedgePlan, type HedgePlanRequest } from '../../../src/client/index.ts';
import { errorText } from '../lib/format.ts';
import { useSession } from '../session/session-context.tsx';
import { hedgePresets } from './hedge-presets.ts';
import { HedgeResult } from './hedge-result.tsx';

interface Form {
  readonly firm: string;
  readonly product: string;
  readonly role: 'buyer' | 'seller';
  readonly planDate: string;
  readonly exposure: string;
  readonly ownMode: 'derived' | 'prices';
  readonly ownPrice: string;
  readonly ownPrices: string;
}

function formOf(request: HedgePlanRequest): Form {
  return {
    firm: request.firm,
    product: request.product,
    role: request.role,
    planDate: request.planDate,
    exposure: request.exposure.map((e) => `${e.month} ${e.quantity}`).join('\n'),
    ownMode: 'derived',
    ownPrice: JSON.stringify(request.ownPrice ?? {}, null, 2),
    ownPrices: '',
  };
}

type Built =
  { readonly ok: true; readonly request: HedgePlanRequest } | { readonly ok: false; readonly field: string; readonly problem: string };

function build(form: Form): Built {
  const exposure: HedgePlanRequest['exposure'] = [];
  for (const line of form.exposure
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)) {
    const [month = '', quantity = ''] = line.split(/[\s,]+/);
    if (!/^\d{4}-\d{2}$/.test(month) || quantity.length === 0) {
      return { ok: false, field: 'exposure', problem: `"${line}": write one "YYYY-MM quantity" per line` };
    }
    exposure.push({ month, quantity });
  }
  const base = { firm: form.firm, product: form.product, role: form.role, planDate: form.planDate, exposure, backtest: true };
  if (form.ownMode === 'prices') {
    const ownPrices = form.ownPrices
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .map((l) => {
        const [date = '', price = ''] = l.split(/[\s,]+/);
        return { date, price };
      });
    return { ok: true, request: { ...base, ownPrices } };
  }
  try {
    return { ok: true, request: { ...base, ownPrice: JSON.parse(form.ownPrice) as HedgeOwnPrice } };
  } catch (error) {
    return { ok: false, field: 'ownPrice', problem: `not JSON: ${errorText(error)}` };
  }
}

export function HedgePlanner({ roots }: { readonly roots: readonly string[] }): ReactNode {
  const { client } = useSession();
  const [form, setForm] = useState<Form>(() => formOf(hedgePresets[0]!.request));
  const [plan, setPlan] = useState<HedgePlan | null>(null);
  const [problem, setProblem] = useState<{ readonly field: string; readonly text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Form>): void => setForm({ ...form, ...change });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const built = build(form);
    if (!built.ok) {
      setProblem({ field: built.field, text: built.problem });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      setPlan(await client.hedgePlan(built.request));
    } catch (error) {
      const text = errorText(error);
      setProblem({ field: error instanceof TokexApiError ? (text.split(/[.:[]/)[0] ?? '') : '', text });
      setPlan(null);
    } finally {
      setBusy(false);
    }
  };
  const note = (field: string): ReactNode =>
    problem !== null && problem.field === field ? <span className="field-error">{problem.text}</span> : null;

  return (
    <div className="hedge-planner" data-testid="hedge-planner">
      <form onSubmit={(event) => void submit(event)} className="hedge-form">
        <label>
          example
          <select onChange={(e) => setForm(formOf(hedgePresets[Number(e.target.value)]!.request))} defaultValue="0">
            {hedgePresets.map((preset, i) => (
              <option key={preset.name} value={i}>
                {preset.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          firm
          <input value={form.firm} onChange={(e) => set({ firm: e.target.value })} />
        </label>
        <label>
          product
          <select value={form.product} onChange={(e) => set({ product: e.target.value })}>
            {[...new Set([form.product, ...roots])].map((root) => (
              <option key={root}>{root}</option>
            ))}
          </select>
          {note('product')}
        </label>
        <label>
          role
          <select value={form.role} onChange={(e) => set({ role: e.target.value as Form['role'] })}>
            <option value="buyer">buyer (fix a purchase price: buy futures)</option>
            <option value="seller">seller (fix a sale price: sell futures)</option>
          </select>
        </label>
        <label>
          plan date
          <input type="date" value={form.planDate} onChange={(e) => set({ planDate: e.target.value })} />
          {note('planDate')}
        </label>
        <label>
          exposure: one &quot;YYYY-MM quantity&quot; per line (quantity in the product&apos;s quote unit)
          <textarea rows={6} value={form.exposure} onChange={(e) => set({ exposure: e.target.value })} />
          {note('exposure')}
        </label>
        <fieldset>
          <legend>own price</legend>
          <label className="inline">
            <input type="radio" checked={form.ownMode === 'derived'} onChange={() => set({ ownMode: 'derived' })} /> derived from the
            exchange&apos;s data (JSON)
          </label>
          <label className="inline">
            <input type="radio" checked={form.ownMode === 'prices'} onChange={() => set({ ownMode: 'prices' })} /> my prices: one
            &quot;YYYY-MM-DD price&quot; per line
          </label>
          {form.ownMode === 'derived' ? (
            <textarea rows={8} className="code" value={form.ownPrice} onChange={(e) => set({ ownPrice: e.target.value })} />
          ) : (
            <textarea rows={8} value={form.ownPrices} onChange={(e) => set({ ownPrices: e.target.value })} />
          )}
          {note('ownPrice')}
          {note('ownPrices')}
        </fieldset>
        <button type="submit" disabled={busy} data-testid="hedge-submit">
          {busy ? 'Planning…' : 'Plan the hedge'}
        </button>
        {problem !== null && !['product', 'planDate', 'exposure', 'ownPrice', 'ownPrices'].includes(problem.field) && (
          <p className="field-error" role="alert">
            {problem.text}
          </p>
        )}
      </form>
      {plan !== null && <HedgeResult plan={plan} />}
    </div>
  );
}
