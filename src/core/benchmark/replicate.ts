/**
 * Replication of an audit trail: every fixing is recomputed from its recorded inputs
 * and previous chain state with the published formula, and must match the record
 * byte for byte (canonical JSON). Also checked: the methodology in the header hashes to
 * the recorded hash and is the published one for its id and version; each fixing's
 * previous state is the next state of the fixing before it; each restatement's
 * restated fixing recomputes from its own inputs and previous state, and its original is
 * byte for byte the fixing published earlier in the trail (the original is kept).
 *
 * Input is the parsed JSON lines (unknown); malformed records are reported, never thrown.
 * O(total inputs x log).
 */
import { canonicalJson } from './canonical-json.ts';
import { computeFixing } from './fixing.ts';
import { findMethodology, methodologyHash } from './methodologies.ts';
import type { Fixing, Methodology } from './types.ts';

export interface ReplicationReport {
  readonly benchmarkId: string | null;
  readonly fixingsChecked: number;
  readonly restatementsChecked: number;
  readonly inputRejections: number;
  readonly differences: readonly string[];
}

interface AuditHeader {
  readonly type: 'audit_header';
  readonly benchmarkId: string;
  readonly methodologyVersion: string;
  readonly methodologyHash: string;
  readonly methodology: Methodology;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function replicateAudit(records: readonly unknown[]): ReplicationReport {
  const differences: string[] = [];
  const first = records[0];
  if (!isRecord(first) || first.type !== 'audit_header') {
    return {
      benchmarkId: null,
      fixingsChecked: 0,
      restatementsChecked: 0,
      inputRejections: 0,
      differences: ['record 1 is not an audit header'],
    };
  }
  const header = first as unknown as AuditHeader;
  const methodology = header.methodology;
  const hash = methodologyHash(methodology);
  if (hash !== header.methodologyHash) differences.push(`methodology hash ${hash} differs from the recorded ${header.methodologyHash}`);
  const published = findMethodology(header.benchmarkId);
  if (published === undefined) differences.push(`no published benchmark ${header.benchmarkId}`);
  else if (published.version === header.methodologyVersion && methodologyHash(published) !== hash) {
    differences.push(`methodology ${header.benchmarkId} ${header.methodologyVersion} is not the published text`);
  }
  let fixingsChecked = 0;
  let restatementsChecked = 0;
  let inputRejections = 0;
  let lastNext: string | null = null;
  const fixingByDate = new Map<string, Fixing>();
  records.slice(1).forEach((record, index) => {
    const where = `record ${index + 2}`;
    if (!isRecord(record)) {
      differences.push(`${where}: not an object`);
      return;
    }
    if (record.type === 'input_rejected') {
      inputRejections++;
      return;
    }
    if (record.type === 'fixing') {
      const fixing = record as unknown as Fixing;
      const problem = checkFixing(methodology, hash, fixing, `${where} (${String(fixing.date)})`);
      if (problem !== null) differences.push(problem);
      const previous = canonicalJson(fixing.previous ?? null);
      if (lastNext !== null && previous !== lastNext)
        differences.push(`${where} (${String(fixing.date)}): previous state is not the prior fixing's next ` + `state`);
      lastNext = canonicalJson(fixing.next ?? null);
      fixingByDate.set(String(fixing.date), fixing);
      fixingsChecked++;
      return;
    }
    if (record.type === 'restatement') {
      const restated = record.restated as Fixing | undefined;
      const original = record.original as Fixing | undefined;
      if (restated === undefined || original === undefined) differences.push(`${where}: restatement without original and restated fixings`);
      else {
        const problem =
          checkFixing(methodology, hash, restated, `${where} restated ${String(restated.date)}`) ??
          checkRestatement(record, original, restated, fixingByDate.get(String(original.date)), where);
        if (problem !== null) differences.push(problem);
      }
      restatementsChecked++;
      return;
    }
    if (record.type !== 'final_settlement') differences.push(`${where}: unknown record type ${String(record.type)}`);
  });
  return { benchmarkId: header.benchmarkId, fixingsChecked, restatementsChecked, inputRejections, differences };
}

/** The original is the trail's fixing of that day, unchanged; both sides start from its previous state. */
function checkRestatement(
  record: Record<string, unknown>,
  original: Fixing,
  restated: Fixing,
  published: Fixing | undefined,
  where: string,
): string | null {
  if (published === undefined) return `${where}: restates ${String(original.date)}, which has no fixing earlier in the trail`;
  if (canonicalJson(original) !== canonicalJson(published))
    return `${where}: the original is not the published fixing of ${published.date}`;
  if (canonicalJson(restated.previous) !== canonicalJson(original.previous)) return `${where}: restated from another previous state`;
  if (record.date !== original.date || restated.date !== original.date) return `${where}: dates of the restatement disagree`;
  if (record.originalValue !== original.value || record.restatedValue !== restated.value)
    return `${where}: values disagree with the fixings`;
  return null;
}

function checkFixing(methodology: Methodology, hash: string, fixing: Fixing, where: string): string | null {
  if (fixing.methodologyHash !== hash) return `${where}: methodology hash ${String(fixing.methodologyHash)} is not the header's`;
  try {
    const again = computeFixing({
      methodology,
      methodologyHash: hash,
      date: fixing.date,
      inputs: fixing.inputs,
      previous: fixing.previous,
    });
    if (canonicalJson(again) === canonicalJson(fixing)) return null;
    if (again.value !== fixing.value) return `${where}: value ${String(fixing.value)} recorded, ${String(again.value)} recomputed`;
    return `${where}: record differs from the recomputation (exclusions, contributions or state)`;
  } catch (error) {
    return `${where}: cannot be recomputed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
