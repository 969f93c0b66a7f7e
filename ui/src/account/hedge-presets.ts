/**
 * The three example firms of examples/hedging/ (docs/hedging.md) as planner presets:
 * their exposure and how their own price is derived from the server's data.
 */
import type { HedgePlanRequest } from '../../../src/client/index.ts';

export interface HedgePreset {
  readonly name: string;
  readonly request: HedgePlanRequest;
}

const months = ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01'];
const exposure = (quantities: readonly string[]): HedgePlanRequest['exposure'] =>
  months.map((month, i) => ({ month, quantity: quantities[i] ?? '0' }));

export const hedgePresets: readonly HedgePreset[] = [
  {
    name: 'H100 lab (8×H100 on demand)',
    request: {
      firm: 'Example AI lab (H100 rental)',
      product: 'H100',
      role: 'buyer',
      planDate: '2026-07-24',
      exposure: exposure(['74400', '72000', '74400', '72000', '74400', '74400']),
      ownPrice: { kind: 'gpu_list_price', provider: 'Latitude.sh', gpuModel: 'H100-80GB', gpuCount: 8, pricing: 'on_demand' },
    },
  },
  {
    name: 'Frontier app (OpenAI flagship)',
    request: {
      firm: 'Example AI application (frontier tokens)',
      product: 'TOK',
      role: 'buyer',
      planDate: '2026-07-24',
      exposure: exposure(['4000', '4200', '4400', '4600', '4800', '5000']),
      ownPrice: {
        kind: 'token_route',
        blend: { inputParts: 4, outputParts: 1 },
        segments: [
          { from: '2024-04-23', provider: 'openai', model: 'gpt-4-turbo' },
          { from: '2024-05-22', provider: 'openai', model: 'gpt-4o' },
          { from: '2025-04-14', provider: 'openai', model: 'gpt-4.1' },
          { from: '2025-08-07', provider: 'openai', model: 'gpt-5' },
          { from: '2025-11-13', provider: 'openai', model: 'gpt-5.1' },
          { from: '2025-12-11', provider: 'openai', model: 'gpt-5.2' },
          { from: '2026-03-06', provider: 'openai', model: 'gpt-5.4' },
          { from: '2026-04-23', provider: 'openai', model: 'gpt-5.5' },
          { from: '2026-07-09', provider: 'openai', model: 'gpt-5.6' },
        ],
      },
    },
  },
  {
    name: 'Document processor (Llama 70B)',
    request: {
      firm: 'Example document-processing company (open-weight 70B tokens)',
      product: 'TOKL',
      role: 'buyer',
      planDate: '2026-07-24',
      exposure: exposure(['60000', '60000', '65000', '65000', '70000', '70000']),
      ownPrice: {
        kind: 'token_route',
        blend: { inputParts: 3, outputParts: 1 },
        segments: [
          { from: '2024-06-06', provider: 'databricks', model: 'databricks/databricks-meta-llama-3-70b-instruct' },
          { from: '2024-09-07', provider: 'databricks', model: 'databricks/databricks-meta-llama-3-1-70b-instruct' },
          { from: '2025-03-31', provider: 'databricks', model: 'databricks/databricks-meta-llama-3-3-70b-instruct' },
        ],
      },
    },
  },
];
