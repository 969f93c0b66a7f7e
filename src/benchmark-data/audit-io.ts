/**
 * Serialization of a computed series: the published daily CSV and the JSON-lines audit
 * trail (header with the full methodology and its hash and the data files' SHA-256,
 * then every rejected input row with file and line, then every fixing). Canonical JSON
 * and no timestamps or paths, so two runs over the same data give identical bytes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { canonicalJson, type Fixing, type Series } from '../core/benchmark/index.ts';
import type { FileDigest } from './load.ts';

export const auditFormat = 'tokex-benchmark-audit/1';

export const seriesCsvHeader = 'date,value,spot_usd,confidence,contributors,matched,constituent_change';

export function seriesCsv(fixings: readonly Fixing[]): string {
  const lines = [seriesCsvHeader];
  for (const f of fixings) {
    lines.push(
      [f.date, f.value ?? '', f.spotUsd ?? '', f.confidence, f.contributorCount, f.matchedCount, f.constituentChange ? 1 : 0].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function auditHeader(series: Series, files: readonly FileDigest[]): Record<string, unknown> {
  return {
    type: 'audit_header',
    format: auditFormat,
    benchmarkId: series.methodology.id,
    methodologyVersion: series.methodology.version,
    methodologyHash: series.methodologyHash,
    methodology: series.methodology,
    from: series.from,
    to: series.to,
    dataFiles: files.filter((file) => file.file.startsWith(series.methodology.family === 'token' ? 'token-' : 'gpu-')),
  };
}

/** Writes the audit trail line by line (it can be tens of megabytes). */
export async function writeAudit(path: string, series: Series, files: readonly FileDigest[]): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = async (record: unknown): Promise<void> => {
    if (!out.write(`${canonicalJson(record)}\n`)) await once(out, 'drain');
  };
  await write(auditHeader(series, files));
  for (const rejection of series.rejections) await write({ type: 'input_rejected', ...rejection });
  for (const fixing of series.fixings) await write(fixing);
  out.end();
  await once(out, 'finish');
}

/** Reads a JSON-lines file; a line that is not JSON is returned as a string for the checker to report. */
export async function readJsonLines(path: string): Promise<unknown[]> {
  const records: unknown[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim().length === 0) continue;
    try {
      records.push(JSON.parse(line) as unknown);
    } catch {
      records.push(`not JSON: ${line.slice(0, 60)}`);
    }
  }
  return records;
}
