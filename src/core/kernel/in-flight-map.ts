/**
 * A map for entries that come and go by the thousand a second, such as requests waiting
 * for their answer, built so that garbage collection stays cheap under that churn.
 *
 * Why not a `Map` with `delete`: once deleted entries fill a Map's hash table, V8 builds a
 * new table and links the old one to it (so that live iterators can follow). When a table
 * has been promoted to the old generation (every major collection promotes the live one),
 * that dead old table keeps its successor alive through every scavenge, the successor its
 * own successor, and so on: every value the map held since the last major collection, and
 * everything those values reference, is copied and promoted. With a request's promise as
 * the value, that is the request, its answer and all they touched (docs/adr/0014: at
 * 50,000 orders a second a scavenge went from about 1 to about 6 ms, and the old
 * generation filled at 100 MB/s).
 *
 * Here a removal only clears the entry's value (the table is not rebuilt), and once
 * cleared entries outnumber the live ones (and at least `compactAfter`), the live ones
 * move to a fresh Map that nothing links to. Values are objects, so `undefined` marks a
 * cleared entry.
 *
 * Complexity: get, set and delete O(1) amortised (a compaction is O(live) after at least
 * as many removals); `entries` O(entries held).
 */
const compactAfter = 64;

export class InFlightMap<K, V extends object> {
  private map = new Map<K, V | undefined>();
  private live = 0;
  private cleared = 0;

  get size(): number {
    return this.live;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.get(key) === undefined) {
      // A key set again after its removal goes last, as in a Map (rare: a client order id reused).
      if (this.map.delete(key)) this.cleared--;
      this.live++;
    }
    this.map.set(key, value);
  }

  delete(key: K): boolean {
    if (this.map.get(key) === undefined) return false;
    this.map.set(key, undefined);
    this.live--;
    this.cleared++;
    if (this.cleared >= compactAfter && this.cleared > this.live) this.compact();
    return true;
  }

  /** The live entries, in insertion order, copied: the map may change while the caller walks them. */
  entries(): [K, V][] {
    const out: [K, V][] = [];
    for (const [key, value] of this.map) if (value !== undefined) out.push([key, value]);
    return out;
  }

  clear(): void {
    this.map = new Map();
    this.live = 0;
    this.cleared = 0;
  }

  private compact(): void {
    const fresh = new Map<K, V | undefined>();
    for (const [key, value] of this.map) if (value !== undefined) fresh.set(key, value);
    this.map = fresh;
    this.cleared = 0;
  }
}
