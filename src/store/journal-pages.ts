/**
 * Cuts a journal's stored batches into the pages `Journal.read` yields: from a seq,
 * at most a limit of commands, pages of at most the page size, and no gap allowed.
 *
 * Both adapters store whole batches (frames) and decode one at a time; this is the one
 * place that skips the commands before `fromSeq`, stops at the limit and at the last
 * durable seq (a batch is committed before it is flushed), and checks that the batches
 * continue one another. A decoded batch that starts at the next seq and
 * fits whole in the page is yielded as it is (no copy), so a replay of batches of
 * 1,024 gets pages of 1,024.
 *
 * Complexity: O(commands read) plus the skipped part of the first batch.
 */
import { StoreError, type SequencedCommand } from './ports.ts';

export function* pagesOf(
  batches: Iterable<readonly SequencedCommand[]>,
  fromSeq: number,
  limit: number,
  pageSize: number,
  where: string,
  durableLastSeq: () => number = () => Number.MAX_SAFE_INTEGER,
): Generator<readonly SequencedCommand[]> {
  let seq = Math.max(fromSeq, 1);
  let left = limit;
  let page: SequencedCommand[] = [];
  if (left === 0) return;
  for (const batch of batches) {
    const first = batch[0];
    if (first === undefined) continue;
    // A batch committed but not yet flushed is not read.
    if (first.seq > durableLastSeq()) break;
    if (first.seq > seq) throw new StoreError('corrupt', `${where}: expected seq ${seq}, found a batch starting at ${first.seq}`);
    if (first.seq === seq && page.length === 0 && batch.length <= left && batch.length <= pageSize) {
      seq += batch.length;
      left -= batch.length;
      yield batch;
    } else {
      for (const entry of batch) {
        if (entry.seq < seq) continue;
        page.push(entry);
        seq++;
        left--;
        if (page.length === pageSize || left === 0) {
          yield page;
          page = [];
        }
        if (left === 0) break;
      }
    }
    if (left === 0) return;
  }
  if (page.length > 0) yield page;
}
